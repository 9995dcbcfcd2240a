import { DataSource } from 'typeorm';

import { ConsentRecipientIdsAndConfirmation1795962000000 } from '../../migrations/1795962000000-consent-recipient-ids-and-confirmation';
import { createPartner, partnerKeys, partnerPayload } from '../factories/export.factory';
import { createIncident, incidentPayload } from '../factories/incident.factory';
import { createShelter } from '../factories/intake.factory';
import { createOrganization } from '../factories/referral.factory';
import { loggedInUser, LoggedIn } from '../factories/user.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Consents recorded when recipients were names: the migration ties each name to the one partner or
 * organization of that name, drops the others keeping the consent limited, and prints what an
 * admin must review without a name in it.
 */
describe('migrating consent recipients from names to ids', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  let admin: LoggedIn;
  const migration = new ConsentRecipientIdsAndConfirmation1795962000000();
  let single: { id: string };
  let organization: { id: string };
  /** Incident id by what its consent named. */
  const incidents: Record<string, string> = {};

  const consentsOf = async (incidentId: string) =>
    (await dataSource.query(
      `SELECT version, recipients, unmatched_recipients FROM incident_consents WHERE incident_id = $1 ORDER BY version`,
      [incidentId],
    )) as { version: number; recipients: string[]; unmatched_recipients: number }[];

  beforeAll(async () => {
    testApp = await startTestApp();
    dataSource = testApp.app.get(DataSource);
    admin = await loggedInUser(testApp.app, { role: 'admin' });
    const { publicKey } = await partnerKeys();
    single = await createPartner(testApp.app, admin, partnerPayload(publicKey, { name: 'Observatorio Único' }));
    for (let i = 0; i < 2; i++) {
      await createPartner(testApp.app, admin, partnerPayload(publicKey, { name: 'Observatorio Gemelo' }));
    }
    organization = await createOrganization(testApp.app, admin, { name: 'Red Civil' });
    const shelterId = (await createShelter(testApp.app, admin)).id;
    for (const key of ['single', 'twins', 'mixed', 'id']) {
      incidents[key] = await createIncident(testApp.app, admin, incidentPayload(shelterId));
    }

    // The schema before the migration, with consents naming recipients as they were taken then.
    const runner = dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      const named: [string, string[]][] = [
        [incidents.single, [' observatorio único ']],
        [incidents.twins, ['Observatorio Gemelo']],
        [incidents.mixed, ['RED CIVIL', 'Vecinos del barrio']],
        [incidents.id, [single.id.toUpperCase()]],
      ];
      for (const [incidentId, recipients] of named) {
        await runner.query(
          `INSERT INTO incident_consents (incident_id, version, level, recipients, taken_by)
           VALUES ($1, 2, 'identified', $2, $3)`,
          [incidentId, recipients, admin.user.id],
        );
      }
    } finally {
      await runner.release();
    }
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it('ties each name to the one partner or organization of that name, and keeps the others limited to no one', async () => {
    const printed: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(args.join(' '));
    });
    const runner = dataSource.createQueryRunner();
    try {
      await migration.up(runner);
    } finally {
      log.mockRestore();
      await runner.release();
    }

    expect((await consentsOf(incidents.single))[1]).toEqual({
      version: 2,
      recipients: [single.id],
      unmatched_recipients: 0,
    });
    expect((await consentsOf(incidents.twins))[1]).toEqual({ version: 2, recipients: [], unmatched_recipients: 1 });
    expect((await consentsOf(incidents.mixed))[1]).toEqual({
      version: 2,
      recipients: [organization.id],
      unmatched_recipients: 1,
    });
    expect((await consentsOf(incidents.id))[1]).toEqual({
      version: 2,
      recipients: [single.id],
      unmatched_recipients: 0,
    });
    // Version 1 named no one: it still reaches any partner the agreements allow.
    expect((await consentsOf(incidents.single))[0]).toEqual({ version: 1, recipients: [], unmatched_recipients: 0 });

    const output = printed.join('\n');
    const listed = output.split('\n').filter((line) => /^[0-9a-f-]{36},/.test(line));
    expect(listed.sort()).toEqual([`${incidents.mixed},2,1`, `${incidents.twins},2,1`].sort());
    for (const name of ['Gemelo', 'Vecinos', 'Único', 'Red Civil']) expect(output).not.toContain(name);

    const kept = await dataSource.query(
      `SELECT n.names FROM incident_consent_recipient_names n JOIN incident_consents c ON c.id = n.consent_id
        WHERE c.incident_id = $1`,
      [incidents.mixed],
    );
    expect(kept).toEqual([{ names: ['RED CIVIL', 'Vecinos del barrio'] }]);
  });

  it('gives the names back on the way down', async () => {
    const runner = dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      const restored = await runner.query(
        'SELECT recipients FROM incident_consents WHERE incident_id = $1 AND version = 2',
        [incidents.twins],
      );
      expect(restored).toEqual([{ recipients: ['Observatorio Gemelo'] }]);
    } finally {
      // Migrated again, quietly, for whatever runs after.
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      await migration.up(runner).finally(() => log.mockRestore());
      await runner.release();
    }
  });
});
