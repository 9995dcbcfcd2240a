import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { answerFrameworkError } from '@albergue/platform';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError } from 'fastify';

/** Vite names every asset by its content hash: a new build is a new name, so browsers may keep them for good. */
const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';

/**
 * Serves the web app (apps/web, built by `npm run build:web`) at `/`: its files, and index.html for
 * any other GET outside /api/, so a reload of /desk or /caseload opens the app there. Without a
 * build the API starts all the same, without the app.
 */
export async function mountWebApp(app: NestFastifyApplication, distDir: string): Promise<boolean> {
  if (!existsSync(join(distDir, 'index.html'))) {
    new Logger('WebApp').log('no web app build found: the API runs without it (npm run build:web)');
    return false;
  }
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    // One route per built file, found at start-up; anything else falls to the route below.
    wildcard: false,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, path) => {
      void reply.header('cache-control', path.includes('/assets/') ? HASHED_ASSET_CACHE : 'no-cache');
    },
  });
  const maxParamLength = fastify.initialConfig.maxParamLength ?? 100;
  fastify.get('/*', (request, reply) => {
    if (request.url === '/api' || request.url.startsWith('/api/')) {
      // The router passes an API path here when one of its parameters is over maxParamLength: answer
      // what it answers without the web app (414), not a 404 that depends on whether the app is built.
      const path = request.url.split('?')[0];
      if (path.split('/').some((segment) => segment.length > maxParamLength)) {
        const error = Object.assign(new Error('path parameter too long'), { code: 'FST_ERR_MAX_PARAM_LENGTH' });
        return answerFrameworkError(error as FastifyError, request, reply);
      }
      return reply.callNotFound();
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return true;
}
