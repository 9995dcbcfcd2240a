import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import { DomainError, FieldError, Language, LocalizedText } from './domain.error';
import { describeError } from './error-description';
import {
  pickLanguage,
  PROBLEM_CONTENT_TYPE,
  ProblemDocument,
  problemFromDomainError,
  problemFromStatus,
} from './problem-details';

/**
 * What a 503 asks clients to wait before trying again: about what a Postgres restart or a Redis
 * failover takes, and short enough that a desk on a poor connection is not kept waiting long.
 */
export const RETRY_AFTER_SECONDS = 5;

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** What Albergue says of Fastify's own refusals, by code: the detail, and the field where there is one. */
const FASTIFY_REFUSALS: Record<string, { detail: LocalizedText; field?: FieldError }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { detail: { es: 'El cuerpo no es JSON válido.', en: 'The body is not valid JSON.' } },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    detail: {
      es: 'El cuerpo está vacío aunque se declaró JSON.',
      en: 'The body is empty although it was declared as JSON.',
    },
  },
  FST_ERR_BAD_URL: { detail: { es: 'La ruta no es una URL válida.', en: 'The path is not a valid URL.' } },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    detail: {
      es: 'Esta ruta no acepta el tipo de contenido enviado (content-type); su cuerpo, si lleva uno, es JSON.',
      en: 'This route does not take the content type sent (content-type); its body, if any, is JSON.',
    },
    field: { field: 'content-type', message: 'this route does not take this content type' },
  },
};

/** A refusal of Fastify's own (body parsing, size, media type, router) as a problem document. */
function problemFromFastify(status: number, code: string, language: Language, requestId: string): ProblemDocument {
  const refusal = FASTIFY_REFUSALS[code];
  return problemFromStatus(status, language, requestId, refusal?.detail, refusal?.field ? [refusal.field] : []);
}

/** Postgres data exceptions (class 22): invalid text representation, datetime out of range... */
function isUnreadableValue(error: unknown): boolean {
  const code = (error as { driverError?: { code?: unknown }; code?: unknown } | null)?.driverError?.code;
  return typeof code === 'string' && code.startsWith('22');
}

/** True for errors that mean Postgres or Redis is unreachable, not that the request was wrong. */
export function isDependencyDown(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message, name } = error as { code?: unknown; message?: unknown; name?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || /^(08|57P0)/.test(code))) return true;
  if (name === 'MaxRetriesPerRequestError') return true;
  return (
    typeof message === 'string' &&
    /(Connection terminated|Connection is closed|connect ECONNREFUSED|timeout exceeded when trying to connect|Stream isn't writeable)/i.test(
      message,
    )
  );
}

/**
 * Answers every error as RFC 9457 problem+json in the caller's language. Internal messages,
 * SQL and stacks go to the log only, and never with the error's message, which can hold
 * values of the people recorded (a driver's "Key (phone)=(...)" detail, say).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(exception, request);
    if (problem.status === 401) reply.header('www-authenticate', 'Bearer');
    if (problem.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, request: FastifyRequest): ProblemDocument {
    const language = pickLanguage(request.headers['accept-language']);
    const requestId = String(request.id);
    if (exception instanceof DomainError) {
      return problemFromDomainError(exception, language, requestId);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) {
        return problemFromStatus(404, language, requestId, {
          es: `No existe la ruta ${request.method} ${request.url.split('?')[0]}.`,
          en: `There is no route ${request.method} ${request.url.split('?')[0]}.`,
        });
      }
      // Nest wraps Fastify's own 4xx errors (body parsing, size) and keeps them as the cause.
      return problemFromFastify(status, fastifyCode(exception.cause), language, requestId);
    }
    const fastifyError = exception as { statusCode?: unknown };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
      return problemFromFastify(fastifyError.statusCode, fastifyCode(exception), language, requestId);
    }
    if (isUnreadableValue(exception)) {
      // A value Postgres could not read (a tampered cursor, a date it cannot store): the
      // request's fault, though no validator caught it.
      this.logger.warn({ err: describeError(exception) }, 'a value of the request could not be read by the database');
      return problemFromStatus(400, language, requestId, undefined, [
        { field: 'query', message: 'a value of the request could not be read' },
      ]);
    }
    if (isDependencyDown(exception)) {
      this.logger.warn({ err: describeError(exception) }, 'a dependency is down');
      return problemFromStatus(503, language, requestId);
    }
    this.logger.error({ err: describeError(exception) }, 'unhandled error');
    return problemFromStatus(500, language, requestId);
  }
}

function fastifyCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
}

/** What of an error may be logged: its type, codes and where it happened, not its message. */
/**
 * The security headers of an answer no hook saw: helmet runs as an onRequest hook, which the
 * router's refusals never reach. A problem document needs nothing from the page it may land on.
 */
const BARE_ANSWER_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
};

/**
 * Fastify's `frameworkErrors`: what its router refuses before any route, hook or Nest filter runs
 * (a path parameter over `maxParamLength`, a path that does not decode). Answered as problem+json
 * like everything else, instead of Fastify's own JSON, with the request id and security headers.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : (error.statusCode ?? 400);
  const problem = problemFromFastify(
    status,
    error.code,
    pickLanguage(request.headers['accept-language']),
    String(request.id),
  );
  void reply
    .status(problem.status)
    .headers({ ...BARE_ANSWER_HEADERS, 'x-request-id': request.id, 'content-type': PROBLEM_CONTENT_TYPE })
    .send(JSON.stringify(problem));
}
