import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Public } from '@albergue/access';
import { Controller, Get, Module } from '@nestjs/common';

import { createApplication, postEvent } from '../factories/asylum.factory';
import { incidentPayload, postIncident } from '../factories/incident.factory';
import { createShelter, person, postIntake } from '../factories/intake.factory';
import { createOrganization, createService, postReferral, referral } from '../factories/referral.factory';
import { createUser, logIn, LoggedIn, TEST_PASSWORD } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Strings that exist only in this test: a name, a phone, a narrative, a reason, a note. None may
 * reach the log of a full run, whatever the route, the status or the error.
 */
const MARKERS = {
  givenNames: 'Xochiquetzalmarca',
  familyNames: 'Quixtanmarca Yolotlmarca',
  childName: 'Tzitzimarca',
  phone: '+504 9137 2468',
  phoneDigits: '91372468',
  narrative: 'Narrativa-marcador-ZQK: los subieron a una camioneta cerca de las vías.',
  injury: 'Lesión-marcador-ZQK en el brazo.',
  reason: 'Motivo-marcador-ZQK de la canalización.',
  note: 'Nota-marcador-ZQK del expediente de asilo.',
  wrongPassword: 'clave-equivocada-marcador-ZQK',
  crash: 'Error-marcador-ZQK con datos de la persona',
};

/** Fails as a driver error would, with values of the people recorded in its message and detail. */
@Controller('log-probe')
@Public()
class LogProbeController {
  @Get('crash')
  crash(): never {
    throw Object.assign(new Error(`duplicate key: ${MARKERS.crash} ${MARKERS.givenNames}`), {
      code: '23505',
      detail: `Key (phone)=(${MARKERS.phone}) already exists.`,
    });
  }
}

@Module({ controllers: [LogProbeController] })
class LogProbeModule {}

describe('the log of a full run', () => {
  let directory: string;
  let logFile: string;
  let testApp: TestApp;
  let admin: LoggedIn;
  const secrets: string[] = [TEST_PASSWORD];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'albergue-log-'));
    logFile = join(directory, 'api.log');
    // The real pino logger at its most verbose, writing to a file instead of stdout.
    testApp = await startTestApp({ env: { LOG_FILE: logFile, LOG_LEVEL: 'trace' }, extraModules: [LogProbeModule] });
  });
  afterAll(async () => {
    await testApp.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('holds the requests, and no name, phone, narrative, token or password of the run', async () => {
    const { app } = testApp;
    const inject = (options: Parameters<typeof app.inject>[0]) => app.inject(options);
    const adminUser = await createUser(app, { role: 'admin' });
    const refused = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: adminUser.email, password: MARKERS.wrongPassword },
    });
    expect(refused.statusCode).toBe(401);
    admin = await logIn(app, adminUser);
    secrets.push(admin.accessToken, admin.refreshToken);

    const shelter = await createShelter(app, admin);
    const intake = await postIntake(app, admin, {
      shelterId: shelter.id,
      arrivedAt: '2026-03-14T22:10:00-06:00',
      members: [
        {
          person: person({ givenNames: MARKERS.givenNames, familyNames: MARKERS.familyNames, phone: MARKERS.phone }),
          relationship: 'head',
        },
        {
          person: person({ givenNames: MARKERS.childName, familyNames: MARKERS.familyNames, birthDate: '2019-01-02' }),
          relationship: 'child',
        },
      ],
      reasonsForLeaving: ['gang_threat'],
      vulnerabilities: [],
      previousDeportations: [],
      notes: MARKERS.note,
    });
    expect(intake.statusCode).toBe(201);
    const personId = intake.json().stays[0].personId as string;
    const intakeRequestId = intake.headers['x-request-id'] as string;

    // Names and phones in query strings: searches, matches, and a refused value.
    for (const url of [
      `/api/v1/persons?q=${encodeURIComponent(MARKERS.givenNames)}`,
      `/api/v1/persons?phone=${encodeURIComponent(MARKERS.phone)}`,
      `/api/v1/persons/matches?givenNames=${MARKERS.givenNames}&familyNames=${encodeURIComponent(MARKERS.familyNames)}&birthYear=1988`,
      `/api/v1/persons?nationality=${MARKERS.familyNames}`,
    ]) {
      expect((await inject({ method: 'GET', url, headers: admin.headers })).statusCode).toBeLessThan(500);
    }
    // A refused body that carries the values.
    const invalid = await inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: admin.headers,
      payload: { givenNames: MARKERS.givenNames, familyNames: MARKERS.familyNames, sex: MARKERS.narrative },
    });
    expect(invalid.statusCode).toBe(400);

    const incident = await postIncident(
      app,
      admin,
      incidentPayload(shelter.id, {
        narrative: MARKERS.narrative,
        acts: [
          {
            type: 'physical_assault',
            victimPersonId: personId,
            perpetrators: [{ type: 'inm_agent', description: MARKERS.injury }],
            injuries: true,
            injuryDetails: MARKERS.injury,
          },
        ],
      }),
    );
    expect(incident.statusCode).toBe(201);
    expect(
      (await inject({ method: 'GET', url: `/api/v1/incidents/${incident.json().id}`, headers: admin.headers }))
        .statusCode,
    ).toBe(200);

    const organization = await createOrganization(app, admin);
    const service = await createService(app, admin, organization.id);
    const referred = await postReferral(
      app,
      admin,
      referral(personId, service.id, {
        shelterId: shelter.id,
        reason: MARKERS.reason,
        sharedFields: ['givenNames', 'phone'],
      }),
    );
    expect(referred.statusCode).toBe(201);

    const lawyer = await createUser(app, { role: 'lawyer' });
    const application = await createApplication(app, admin, {
      personId,
      jurisdiction: 'MX_COMAR',
      enteredCountryOn: '2026-03-01',
      grounds: 'generalized_violence',
      lawyerId: lawyer.id,
    });
    const event = await postEvent(app, admin, application.id, {
      type: 'filed',
      occurredOn: '2026-03-20',
      note: MARKERS.note,
    });
    expect(event.statusCode).toBe(201);
    expect(
      (await inject({ method: 'GET', url: `/api/v1/persons/${personId}`, headers: admin.headers })).statusCode,
    ).toBe(200);

    expect((await inject({ method: 'GET', url: '/api/v1/log-probe/crash' })).statusCode).toBe(500);
    const logout = await inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: admin.headers,
      payload: { refreshToken: admin.refreshToken },
    });
    expect(logout.statusCode).toBeLessThan(300);

    const log = readFileSync(logFile, 'utf8');
    // The log is there and holds the run, so the checks below can fail.
    expect(log).toContain(`"requestId":"${intakeRequestId}"`);
    expect(log).toContain('POST /api/v1/intake 201');
    expect(log).toContain('"msg":"unhandled error"');
    const leaked = [...Object.values(MARKERS), ...secrets, encodeURIComponent(MARKERS.phone), 'Bearer ']
      .filter((value) => log.includes(value))
      .map((value) => value.slice(0, 24));
    expect(leaked).toEqual([]);
    // Not even a piece of a marker: each marker word of 8 letters or more.
    const words = Object.values(MARKERS)
      .flatMap((marker) => marker.split(/[^\p{L}\d]+/u))
      .filter((word) => word.length >= 8 && /marca|marcador|ZQK|\d{6}/.test(word));
    expect(words.filter((word) => log.includes(word))).toEqual([]);
  });
});
