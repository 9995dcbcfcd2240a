import { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = [
  'preparing',
  'filed',
  'ratified',
  'interview_scheduled',
  'interview_held',
  'hearing_scheduled',
  'hearing_held',
  'recognized',
  'complementary_protection',
  'granted',
  'referred_to_court',
  'withholding',
  'cat_protection',
  'denied',
  'appeal_filed',
  'appeal_decided',
  'abandoned',
  'withdrawn',
  'closed',
];
const EVENT_TYPES = [
  'filed',
  'ratified',
  'interview_scheduled',
  'interview_held',
  'hearing_scheduled',
  'hearing_held',
  'signature_missed',
  'decision',
  'appeal_filed',
  'appeal_decision',
  'abandoned',
  'withdrawn',
  'transferred',
  'closed',
];
const DEADLINE_KINDS = [
  'comar_filing',
  'ratification',
  'comar_decision',
  'appeal',
  'signature',
  'us_one_year_filing',
  'bia_appeal',
];
const NEW_STATUSES = ['in_court'];
const NEW_EVENT_TYPES = ['nullity_suit_filed', 'amparo_filed'];
const NEW_DEADLINE_KINDS = ['abandonment_appeal', 'nullity_suit', 'amparo'];

const CHECKS = (
  statuses: string[],
  eventTypes: string[],
  kinds: string[],
): [table: string, constraint: string, column: string, codes: string[]][] => [
  ['asylum_applications', 'asylum_applications_status_check', 'status', statuses],
  ['asylum_events', 'asylum_events_type_check', 'type', eventTypes],
  ['asylum_deadlines', 'asylum_deadlines_kind_check', 'kind', kinds],
  ['asylum_reminders', 'asylum_reminders_kind_check', 'deadline_kind', kinds],
];

/**
 * The remedies after COMAR: a recurso de revisión against an abandonment ruling, and the
 * juicio contencioso administrativo or the amparo after the appeal's ruling (new event types,
 * deadline kinds and the status `in_court`). Closures name the COMAR offices they close; none
 * named is every office, which is what every closure entered so far meant. The vocabularies are
 * copied here, not imported, so that this migration keeps its meaning.
 */
export class AddAsylumRemediesAndOfficeClosures1795965200000 implements MigrationInterface {
  name = 'AddAsylumRemediesAndOfficeClosures1795965200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.replaceChecks(
      queryRunner,
      CHECKS(
        [...STATUSES, ...NEW_STATUSES],
        [...EVENT_TYPES, ...NEW_EVENT_TYPES],
        [...DEADLINE_KINDS, ...NEW_DEADLINE_KINDS],
      ),
    );
    await queryRunner.query(`
            ALTER TABLE "calendar_closures" ADD "offices" text array NOT NULL DEFAULT '{}'
        `);
    await queryRunner.query(`
            COMMENT ON COLUMN "calendar_closures"."offices" IS 'COMAR offices closed that day; empty: every office'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Timeline events and office closures are records a lawyer relies on: rather than lose them (or
    // widen a closure to every office, which would move other deadlines later), refuse.
    const [kept] = (await queryRunner.query(
      `SELECT (SELECT count(*) FROM "asylum_events" WHERE "type" = ANY($1))::int
            + (SELECT count(*) FROM "asylum_applications" WHERE "status" = ANY($2))::int
            + (SELECT count(*) FROM "calendar_closures" WHERE cardinality("offices") > 0)::int AS n`,
      [NEW_EVENT_TYPES, NEW_STATUSES],
    )) as { n: number }[];
    if (kept.n > 0) {
      throw new Error(`${kept.n} court events, in-court applications or office closures would be lost: not reverting`);
    }
    // Deadlines and reminders are derived from the timeline: the new kinds simply go.
    await queryRunner.query(`DELETE FROM "asylum_reminders" WHERE "deadline_kind" = ANY($1)`, [NEW_DEADLINE_KINDS]);
    await queryRunner.query(`DELETE FROM "asylum_deadlines" WHERE "kind" = ANY($1)`, [NEW_DEADLINE_KINDS]);
    await queryRunner.query(`ALTER TABLE "calendar_closures" DROP COLUMN "offices"`);
    await this.replaceChecks(queryRunner, CHECKS(STATUSES, EVENT_TYPES, DEADLINE_KINDS));
  }

  private async replaceChecks(queryRunner: QueryRunner, checks: ReturnType<typeof CHECKS>): Promise<void> {
    for (const [table, constraint, column, codes] of checks) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${constraint}"`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${constraint}" CHECK ("${column}" IN (${codes.map((code) => `'${code}'`).join(', ')}))`,
      );
    }
  }
}
