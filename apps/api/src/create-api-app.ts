import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import {
  answerFrameworkError,
  AppConfig,
  createValidationPipe,
  ProblemDetailsFilter,
  refuseUnreadMultipart,
} from '@albergue/platform';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';

import { AppModule } from './app.module';
import { mountQueueBoard } from './queue-board/queue-board';
import { mountWebApp } from './web-app/web-app';

export const API_PREFIX = 'api/v1';
export const BODY_LIMIT_BYTES = 1024 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's x-request-id when it is a sane token, else a new UUID; pino-http reuses `req.id`. */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  (req as { id?: unknown }).id = id;
  return id;
}

/**
 * Builds the API application (not listening yet): used by `main.ts` and by the tests alike;
 * tests may mount extra modules (probe routes) beside the real ones.
 */
export async function createApiApp(config: AppConfig, extraModules: Type[] = []): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    trustProxy: process.env.TRUST_PROXY === 'true',
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: answerFrameworkError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, extraModules), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });

  // Multipart bodies are parsed only by the route that asks (POST /documents, marked `ReadsMultipart()`),
  // streamed, with its own limits; every other route answers them 415.
  await app.register(multipart, {
    limits: { fileSize: config.documents.maxBytes + 1, files: 1, fields: 8, fieldSize: 1024, parts: 10 },
  });
  refuseUnreadMultipart(fastify);

  await mountQueueBoard(app);
  await mountWebApp(app, config.web.distDir);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Albergue API')
      .setDescription('Case management for migrant shelters. Contract: docs/API.md.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, {
    jsonDocumentUrl: `${API_PREFIX}/docs/openapi.json`,
    yamlDocumentUrl: `${API_PREFIX}/docs/openapi.yaml`,
  });
  return app;
}
