import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Where a request came from, for the audit log: its id and the client's address. */
export interface RequestMeta {
  requestId: string;
  ip: string | null;
}

export function requestMetaOf(request: FastifyRequest): RequestMeta {
  return { requestId: String(request.id), ip: request.ip ?? null };
}

export const ReqMeta = createParamDecorator((_: unknown, context: ExecutionContext): RequestMeta =>
  requestMetaOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
