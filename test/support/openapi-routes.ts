import { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The part of a JSON schema (OpenAPI 3.0 flavour) that the hostile-input generators read. */
export interface JsonSchema {
  $ref?: string;
  allOf?: JsonSchema[];
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  format?: string;
  enum?: unknown[];
  example?: unknown;
  description?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
}

export interface RouteParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

export interface ApiRoute {
  method: string;
  /** As in the document, e.g. `/api/v1/persons/{id}`. */
  path: string;
  pathParameters: RouteParameter[];
  queryParameters: RouteParameter[];
  /** The JSON body's schema with every `$ref` and `allOf` resolved; undefined when the route takes no body. */
  bodySchema?: JsonSchema;
  /** Bodies of other content types (`multipart/form-data`...), resolved the same way. */
  otherBodySchemas?: Record<string, JsonSchema>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: RouteParameter[]; requestBody?: { content: object } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Every operation of the app's own OpenAPI document, so a route added later is covered without a change here. */
export async function apiRoutes(app: NestFastifyApplication, prefix = '/api/v1'): Promise<ApiRoute[]> {
  const response = await app.inject({ method: 'GET', url: `${prefix}/docs/openapi.json` });
  if (response.statusCode !== 200) throw new Error(`no OpenAPI document: ${response.statusCode}`);
  const document = response.json<OpenApiDocument>();
  const schemas = document.components?.schemas ?? {};
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => {
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content as Record<string, { schema: JsonSchema }> | undefined;
      const bodySchema = content?.['application/json']?.schema;
      return {
        method: method.toUpperCase(),
        path,
        pathParameters: parameters.filter((parameter) => parameter.in === 'path'),
        queryParameters: parameters.filter((parameter) => parameter.in === 'query'),
        bodySchema: bodySchema ? resolveSchema(bodySchema, schemas) : undefined,
        otherBodySchemas: Object.fromEntries(
          Object.entries(content ?? {})
            .filter(([type]) => type !== 'application/json')
            .map(([type, { schema }]) => [type, resolveSchema(schema ?? {}, schemas)]),
        ),
      };
    }),
  );
}

/** Inlines `$ref`s and merges `allOf`s, so generators see plain nested schemas. */
export function resolveSchema(schema: JsonSchema, schemas: Record<string, JsonSchema>, depth = 0): JsonSchema {
  if (depth > 20) throw new Error('OpenAPI schema nests too deep (a cycle?)');
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = schemas[name];
    if (!target) throw new Error(`OpenAPI document has no schema ${name}`);
    return resolveSchema(target, schemas, depth + 1);
  }
  const { allOf, ...rest } = schema;
  const merged: JsonSchema = allOf
    ? Object.assign({}, ...allOf.map((part) => resolveSchema(part, schemas, depth + 1)), rest)
    : { ...rest };
  if (merged.items) merged.items = resolveSchema(merged.items, schemas, depth + 1);
  if (merged.properties) {
    merged.properties = Object.fromEntries(
      Object.entries(merged.properties).map(([name, property]) => [name, resolveSchema(property, schemas, depth + 1)]),
    );
    merged.type ??= 'object';
  }
  return merged;
}

/** `GET /api/v1/persons/{id}`: the key the authorization matrix and the hostile-input suite use. */
export const routeKey = (route: Pick<ApiRoute, 'method' | 'path'>): string => `${route.method} ${route.path}`;
