import { AuthService, MfaEnrollmentRequired, NotAuthenticated, RoleNotAllowed } from '@albergue/access';
import {
  DomainError,
  pickLanguage,
  PROBLEM_CONTENT_TYPE,
  problemFromDomainError,
  QueueRegistry,
  requestMetaOf,
} from '@albergue/platform';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where Bull Board answers, under the API's prefix. */
export const QUEUE_BOARD_PATH = '/api/v1/admin/queues';

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i;

/**
 * Bull Board for admins. Its routes are Fastify's, not Nest's, so the AuthGuard does not see
 * them: every request (page, assets, its JSON API) must carry an admin's `Authorization: Bearer`
 * token, checked against the database like any API call. A browser reaches it through a client
 * that adds the header (a header extension, or a reverse proxy holding the admin's session).
 */
export async function mountQueueBoard(app: NestFastifyApplication): Promise<void> {
  const auth = app.get(AuthService);
  const serverAdapter = new FastifyAdapter().setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: app
      .get(QueueRegistry)
      .all()
      .map(
        ({ name }) =>
          new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false }), { readOnlyMode: false }),
      ),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Albergue' } },
  });

  const refuse = (request: FastifyRequest, reply: FastifyReply, error: DomainError): FastifyReply => {
    const problem = problemFromDomainError(error, pickLanguage(request.headers['accept-language']), String(request.id));
    return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  };

  await app
    .getHttpAdapter()
    .getInstance()
    .register(
      async (scope: FastifyInstance) => {
        scope.addHook('onRequest', async (request, reply) => {
          const header = request.headers.authorization;
          const match = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
          if (!match) return refuse(request, reply, new NotAuthenticated());
          try {
            const actor = await auth.authenticate(match[1], requestMetaOf(request));
            if (actor.role !== 'admin') return refuse(request, reply, new RoleNotAllowed());
            if (actor.mfaEnrollmentPending) return refuse(request, reply, new MfaEnrollmentRequired());
          } catch (error) {
            if (error instanceof DomainError) return refuse(request, reply, error);
            throw error;
          }
        });
        await scope.register(serverAdapter.registerPlugin());
      },
      { prefix: QUEUE_BOARD_PATH },
    );
}
