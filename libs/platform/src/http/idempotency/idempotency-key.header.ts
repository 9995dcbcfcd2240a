import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { InvalidIdempotencyKey } from './idempotency.errors';
import { IDEMPOTENCY_KEY_TTL_HOURS } from './idempotency.service';

/** Visible ASCII, as a client's UUID or random token would be. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The `Idempotency-Key` header of a request, as the route reads it (`@Headers('idempotency-key')`):
 * undefined when there is none; InvalidIdempotencyKey (400) unless 1 to 255 visible characters.
 */
export function checkedIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(header)) throw new InvalidIdempotencyKey();
  return header;
}

/** Tells the client that this is the stored answer to an earlier request with the same key. */
export function markReplayed(reply: FastifyReply, replayed: boolean): void {
  if (replayed) void reply.header('idempotent-replayed', 'true');
}

/** OpenAPI: the optional `Idempotency-Key` of a route; `once` says what a retry never does twice. */
export const ApiIdempotencyKey = (once: string): MethodDecorator =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'A new random key per request (a UUID). A retry with the same key answers the first answer ' +
      `(\`Idempotent-Replayed: true\`) and never ${once} twice; the same key with another body is 422. ` +
      `Keys are per user and route, kept ${IDEMPOTENCY_KEY_TTL_HOURS} hours.`,
  });
