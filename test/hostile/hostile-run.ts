import fc from 'fast-check';

import { ApiRoute, routeKey } from '../support/openapi-routes';
import { LightMyRequestResponse } from '../support/test-app';
import {
  HostileRequest,
  hostileReadRequest,
  hostileTextRequest,
  malformedWriteRequest,
  preview,
} from './hostile-requests';
import { HostileReport, Phase } from './hostile-report';
import { HostileWorld } from './hostile-world';

export interface HostileOptions {
  /** Generated requests per route and phase. */
  runsPerRoute: number;
  /** Stop each route's run after this long (ms), whatever the number of runs. */
  timePerRouteMs?: number;
  seed?: number;
  /** Only the routes (`METHOD /path`) this matches. */
  only?: RegExp;
}

const LEAKS =
  /QueryFailedError|TypeORM|EntityNotFound|syntax error at or near|violates|duplicate key|\bat .+:\d+:\d+|node_modules/;

/**
 * What every answer to a hostile request must be: below 500, and every 4xx (every answer at all
 * when `mustRefuse`) a problem+json document with its status and request id, leaking no internals.
 */
export function problemWithAnswer(response: LightMyRequestResponse, mustRefuse: boolean): string | null {
  const status = response.statusCode;
  if (status >= 500) return `answered ${status}`;
  if (mustRefuse && (status < 400 || status >= 500)) return `answered ${status}: a malformed request was accepted`;
  if (LEAKS.test(response.body)) return `answered ${status} with internals in the body: ${preview(response.body, 200)}`;
  if (status < 400) return null;
  if (!String(response.headers['content-type']).startsWith('application/problem+json')) {
    return `answered ${status} as ${response.headers['content-type']}, not problem+json`;
  }
  let problem: { status?: unknown; requestId?: unknown; title?: unknown };
  try {
    problem = JSON.parse(response.body);
  } catch {
    return `answered ${status} with a body that is not JSON`;
  }
  if (problem.status !== status) return `answered ${status} with a problem whose status is ${String(problem.status)}`;
  if (problem.requestId !== response.headers['x-request-id']) return `answered ${status} without its request id`;
  return null;
}

export function describeRequest(request: HostileRequest): string {
  const body = request.body === undefined ? '(none)' : preview(request.body, 600);
  return [
    `${request.method} ${preview(request.url, 300).slice(1, -1)} as ${request.role}`,
    `  headers: ${JSON.stringify(request.headers).slice(0, 300)}`,
    `  body: ${body}`,
    `  defects: ${request.defects.join('; ') || '(none)'}`,
  ].join('\n');
}

const isWrite = (route: ApiRoute) => !['GET', 'HEAD', 'OPTIONS'].includes(route.method);

/** The routes each phase walks: writes get malformed bodies and hostile text, reads hostile queries. */
export function routesOf(world: HostileWorld, phase: Phase): ApiRoute[] {
  if (phase === 'hostile-reads') {
    return world.routes.filter((route) => !isWrite(route) && !route.path.endsWith('/docs/openapi.json'));
  }
  return world.routes.filter(isWrite);
}

/**
 * Sends generated requests to every route of a phase (fast-check, `runsPerRoute` each), checks
 * every answer, and reports counts and the failing input (shrunk) of each route that failed.
 */
export async function runHostilePhase(
  world: HostileWorld,
  phase: Phase,
  options: HostileOptions,
  report: HostileReport,
): Promise<void> {
  const started = Date.now();
  for (const route of routesOf(world, phase)) {
    const key = routeKey(route);
    if (options.only && !options.only.test(key)) continue;
    const arbitrary =
      phase === 'malformed-writes'
        ? malformedWriteRequest(world, route)
        : phase === 'hostile-reads'
          ? hostileReadRequest(world, route)
          : hostileTextRequest(world, route);
    const routeStarted = Date.now();
    let lastFailing: HostileRequest | undefined;
    let lastProblem = '';
    const result = await fc.check(
      fc.asyncProperty(arbitrary, async (request) => {
        const response = await world.app.inject({
          method: request.method as 'POST',
          url: request.url,
          headers: { ...world.sessions.get(request.role)!.headers, ...request.headers },
          ...(request.body !== undefined ? { payload: request.body } : {}),
        });
        report.requests++;
        report.byRoute[key] = (report.byRoute[key] ?? 0) + 1;
        report.byStatus[response.statusCode] = (report.byStatus[response.statusCode] ?? 0) + 1;
        const problem = problemWithAnswer(response, phase === 'malformed-writes');
        if (problem) {
          lastFailing = request;
          lastProblem = `${problem} ${preview(response.body, 300)}`;
        }
        return problem === null;
      }),
      {
        numRuns: options.runsPerRoute,
        seed: options.seed,
        interruptAfterTimeLimit: options.timePerRouteMs,
        markInterruptAsFailure: false,
      },
    );
    report.msByRoute[key] = (report.msByRoute[key] ?? 0) + Date.now() - routeStarted;
    if (result.failed && lastFailing) {
      report.failures.push({
        phase,
        route: key,
        seed: result.seed,
        path: result.counterexamplePath ?? undefined,
        problem: lastProblem,
        request: describeRequest(lastFailing),
      });
    } else if (result.failed && !(result.interrupted && result.counterexample === null)) {
      report.failures.push({
        phase,
        route: key,
        seed: result.seed,
        path: result.counterexamplePath ?? undefined,
        problem: `the property threw: ${String(result.errorInstance)} (${result.numRuns} runs, interrupted: ${result.interrupted})`,
        request: '(unknown)',
      });
    }
  }
  report.ms += Date.now() - started;
}
