import { RouteConfig } from '@nestjs/platform-fastify';
import { errorCodes, type FastifyInstance } from 'fastify';

import { answerFrameworkError } from '../errors/problem-details.filter';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by `ReadsMultipart()`: the route's handler reads a multipart body itself. */
    readsMultipart?: boolean;
  }
}

/**
 * Marks the one kind of route that reads a `multipart/form-data` body itself (a file upload).
 * Every other route refuses such a body: see `refuseUnreadMultipart`.
 */
export const ReadsMultipart = (): MethodDecorator => RouteConfig({ readsMultipart: true });

/**
 * `@fastify/multipart` is registered for the whole application, and its content-type parser
 * leaves the body unread until a handler asks for it: on any other route a multipart request
 * arrives with no body at all, so a write that takes none (or whose fields are all optional)
 * would go ahead with whatever the form said ignored. Such a request is answered 415
 * problem+json before validation, on every route not marked with `ReadsMultipart()`.
 */
export function refuseUnreadMultipart(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request, reply) => {
    if (!request.isMultipart() || request.routeOptions.config?.readsMultipart === true) return;
    answerFrameworkError(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), request, reply);
    return reply;
  });
}
