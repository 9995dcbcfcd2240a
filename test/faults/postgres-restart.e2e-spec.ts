import { RETRY_AFTER_SECONDS } from '@albergue/platform';

import { incidentPayload } from '../factories/incident.factory';
import { createShelter, person, uniqueName } from '../factories/intake.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { InjectOptions, startTestApp, TestApp } from '../support/test-app';
import { PrivatePostgres } from '../support/private-postgres';
import { testRunId } from '../support/test-run';

/** No answer may take longer, whatever Postgres is doing: the pool's connect timeout (5 s) and a margin. */
const ANSWER_WITHIN_MS = 6000;
/** Once Postgres accepts connections again, the API must be back within this. */
const RECOVERED_WITHIN_MS = 2000;
const CLIENTS = 4;
const DOWN_FOR_MS = 4000;

type Phase = 'before' | 'stopping' | 'down' | 'starting' | 'after';

interface Sample {
  route: string;
  startedIn: Phase;
  endedIn: Phase;
  /** ms since Postgres answered again, for requests started after that. */
  sinceRecovery: number;
  status: number;
  ms: number;
  contentType: string;
  retryAfter: unknown;
  problemStatus: unknown;
  /** The persons an intake answered 201 for. */
  personIds: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Postgres restarted while requests run -> 503 meanwhile, recovery without restarting the API', () => {
  let postgres: PrivatePostgres;
  let testApp: TestApp;
  let worker: LoggedIn;
  let shelterId: string;
  const samples: Sample[] = [];
  const readiness: { phase: Phase; status: number; body: unknown }[] = [];

  /** Intake and incident writes and reads, in turn, as a shelter worker at the desk. */
  const requests = (): { route: string; request: InjectOptions }[] => [
    { route: 'GET /persons', request: { method: 'GET', url: '/api/v1/persons?limit=5' } },
    {
      route: 'POST /intake',
      request: {
        method: 'POST',
        url: '/api/v1/intake',
        payload: {
          shelterId,
          arrivedAt: '2026-03-14T22:10:00-06:00',
          members: [{ person: person({ givenNames: uniqueName() }), relationship: 'head' }],
          reasonsForLeaving: ['gang_threat'],
          vulnerabilities: [],
          previousDeportations: [],
        },
      },
    },
    { route: 'GET /incidents', request: { method: 'GET', url: '/api/v1/incidents?limit=5' } },
    {
      route: 'POST /incidents',
      request: { method: 'POST', url: '/api/v1/incidents', payload: incidentPayload(shelterId) },
    },
  ];

  beforeAll(async () => {
    postgres = await PrivatePostgres.create();
    // Named after the run, so the Redis prefix the test app derives from it is removed with the run's.
    const databaseUrl = await postgres.createMigratedDatabase(`albergue_test_${testRunId()}_pgrestart`);
    testApp = await startTestApp({ databaseUrl });
    const admin = await loggedInUser(testApp.app, { role: 'admin' });
    shelterId = (await createShelter(testApp.app, admin)).id;
    worker = await loggedInUser(testApp.app, { role: 'shelter_worker', shelterIds: [shelterId] });

    let phase: Phase = 'before';
    let recoveredAt = Infinity;
    let running = true;
    const client = async (offset: number): Promise<void> => {
      for (let index = offset; running; index += 1) {
        const mix = requests();
        const { route, request } = mix[index % mix.length];
        const startedIn = phase;
        const started = performance.now();
        const response = await testApp.app.inject({ ...request, headers: worker.headers });
        const contentType = String(response.headers['content-type']);
        const body = contentType.startsWith('application/') ? response.json() : undefined;
        samples.push({
          route,
          startedIn,
          endedIn: phase,
          sinceRecovery: started - recoveredAt,
          status: response.statusCode,
          ms: performance.now() - started,
          contentType,
          retryAfter: response.headers['retry-after'],
          problemStatus: contentType.startsWith('application/problem+json') ? body.status : undefined,
          personIds:
            route === 'POST /intake' && response.statusCode === 201
              ? body.stays.map((stay: { personId: string }) => stay.personId)
              : [],
        });
      }
    };
    const probeReadiness = async (): Promise<void> => {
      while (running) {
        const startedIn = phase;
        const response = await testApp.app.inject({ method: 'GET', url: '/api/v1/health/ready' });
        readiness.push({
          phase: startedIn === phase ? phase : startedIn,
          status: response.statusCode,
          body: response.json(),
        });
        await sleep(200);
      }
    };
    const load = [...Array.from({ length: CLIENTS }, (_, index) => client(index)), probeReadiness()];

    await sleep(1500);
    phase = 'stopping';
    // Immediate: every connection drops at once, transactions in flight included, as in a crash.
    await postgres.stop('immediate');
    phase = 'down';
    await sleep(DOWN_FOR_MS);
    phase = 'starting';
    await postgres.start();
    recoveredAt = performance.now();
    phase = 'after';
    await sleep(5000);
    running = false;
    await Promise.all(load);
  }, 120000);

  afterAll(async () => {
    await testApp?.close();
    await postgres?.destroy();
  });

  it('answers every request while it is down with 503 problem+json and Retry-After, never 500', () => {
    const down = samples.filter((sample) => sample.startedIn === 'down');
    expect(down.length).toBeGreaterThan(CLIENTS);
    expect(new Set(down.map((sample) => sample.status))).toEqual(new Set([503]));
    // Whenever a request failed (the drop itself, the restart), it failed the same way.
    for (const sample of samples.filter((s) => s.status >= 300)) {
      expect(sample).toMatchObject({
        status: 503,
        contentType: expect.stringMatching(/^application\/problem\+json/),
        retryAfter: String(RETRY_AFTER_SECONDS),
        problemStatus: 503,
      });
    }
  });

  it(`never keeps a request waiting more than ${ANSWER_WITHIN_MS} ms`, () => {
    expect(samples.length).toBeGreaterThan(0);
    expect(Math.max(...samples.map((sample) => sample.ms))).toBeLessThan(ANSWER_WITHIN_MS);
  });

  it('says in readiness that the database is down, and Redis up, meanwhile', () => {
    const down = readiness.filter((probe) => probe.phase === 'down');
    expect(down.length).toBeGreaterThan(0);
    for (const probe of down) {
      expect(probe).toMatchObject({
        status: 503,
        body: { status: 'unavailable', checks: { postgres: 'down', redis: 'up' }, down: ['postgres'] },
      });
    }
  });

  it('answers again from the same API instance once Postgres is back, without a restart', async () => {
    const before = samples.filter((sample) => sample.startedIn === 'before' && sample.endedIn === 'before');
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((sample) => sample.status < 300)).toBe(true);

    const recovered = samples.filter((sample) => sample.sinceRecovery >= RECOVERED_WITHIN_MS);
    expect(new Set(recovered.map((sample) => sample.route))).toEqual(new Set(requests().map((r) => r.route)));
    expect(recovered.filter((sample) => sample.status >= 300)).toEqual([]);
    expect(readiness.at(-1)).toMatchObject({ status: 200, body: { status: 'ok' } });

    // Every intake answered 201 is kept, across the crash; one cut off by it may be kept too (its
    // commit may have reached the server before the connection dropped), but no more than those.
    const persons = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/persons?limit=500',
      headers: worker.headers,
    });
    expect(persons.statusCode).toBe(200);
    const stored = new Set(persons.json().items.map((item: { id: string }) => item.id));
    const acknowledged = samples.flatMap((sample) => sample.personIds);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.length).toBeLessThan(500);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    const inDoubt = samples.filter(
      (sample) =>
        sample.route === 'POST /intake' &&
        sample.status === 503 &&
        (sample.startedIn === 'before' || sample.startedIn === 'stopping'),
    ).length;
    expect(stored.size - acknowledged.length).toBeLessThanOrEqual(inDoubt);
  });
});
