import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, findings 2 and 3.
 *
 * Recipients become ids: `incident_consents.recipients` held partner names, matched lower-cased,
 * and partner names are not unique. Each name becomes the id of the one partner or directory
 * organization of that name (case-insensitive, trimmed); a name that matches none or several is
 * dropped and counted in `unmatched_recipients`, which keeps the consent limited to the recipients
 * left, even none, so that nothing goes to anyone the victims did not name. The names as they were
 * stay in `incident_consent_recipient_names` for the admin's review (and for down()); the consents
 * to review are printed (incident, version, how many names were dropped; never a name).
 *
 * Raising a consent is confirmed: `status` is `pending` until a coordinator or admin confirms it
 * (`effective`) or declines it, or a later version cancels it. Only that change of status may
 * update a row; everything else in the history stays append-only.
 */
export class ConsentRecipientIdsAndConfirmation1795962000000 implements MigrationInterface {
  name = 'ConsentRecipientIdsAndConfirmation1795962000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "incident_consents"
              ADD "status" text NOT NULL DEFAULT 'effective',
              ADD "unmatched_recipients" integer NOT NULL DEFAULT 0,
              ADD "decided_by" uuid,
              ADD "decided_at" TIMESTAMP WITH TIME ZONE,
              ADD CONSTRAINT "incident_consents_status_check"
                CHECK ("status" IN ('pending', 'effective', 'declined', 'cancelled')),
              ADD CONSTRAINT "incident_consents_pending_check" CHECK ("status" <> 'pending' OR "level" <> 'none'),
              ADD CONSTRAINT "incident_consents_unmatched_recipients_check" CHECK ("unmatched_recipients" >= 0),
              ADD CONSTRAINT "incident_consents_decided_by_fkey"
                FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            COMMENT ON COLUMN "incident_consents"."unmatched_recipients" IS
              'Recipient names the victims gave that could not be tied to one partner or organization when recipients became ids; above 0 the consent reaches only the recipients left, even none'
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "incident_consents_one_pending_key" ON "incident_consents" ("incident_id")
              WHERE "status" = 'pending'
        `);
    await queryRunner.query(`
            CREATE TABLE "incident_consent_recipient_names" (
                "consent_id" uuid NOT NULL,
                "names" text array NOT NULL,
                CONSTRAINT "incident_consent_recipient_names_pkey" PRIMARY KEY ("consent_id"),
                CONSTRAINT "incident_consent_recipient_names_consent_id_fkey" FOREIGN KEY ("consent_id")
                  REFERENCES "incident_consents"("id") ON DELETE CASCADE
            )
        `);
    await queryRunner.query(`
            COMMENT ON TABLE "incident_consent_recipient_names" IS
              'Consent recipients as recorded before they became ids (migration 1795962000000), for an admin to review'
        `);
    await queryRunner.query(`
            INSERT INTO "incident_consent_recipient_names" ("consent_id", "names")
            SELECT "id", "recipients" FROM "incident_consents" WHERE cardinality("recipients") > 0
        `);
    await queryRunner.query(`ALTER TABLE "incident_consents" DISABLE TRIGGER "incident_consents_append_only"`);
    await queryRunner.query(`
            WITH named AS (
              SELECT c.id, r.recipient,
                     ARRAY(SELECT p.id::text FROM partners p WHERE lower(btrim(p.name)) = lower(btrim(r.recipient))
                           UNION
                           SELECT p.id::text FROM partners p WHERE p.id::text = lower(btrim(r.recipient))
                           UNION
                           SELECT o.id::text FROM organizations o WHERE lower(btrim(o.name)) = lower(btrim(r.recipient))
                           UNION
                           SELECT o.id::text FROM organizations o WHERE o.id::text = lower(btrim(r.recipient))) AS ids
                FROM incident_consents c, unnest(c.recipients) AS r(recipient)
            ), resolved AS (
              SELECT id,
                     COALESCE(array_agg(DISTINCT ids[1]) FILTER (WHERE cardinality(ids) = 1), '{}') AS recipients,
                     count(*) FILTER (WHERE cardinality(ids) <> 1)::int AS unmatched
                FROM named GROUP BY id
            )
            UPDATE incident_consents c
               SET recipients = resolved.recipients, unmatched_recipients = resolved.unmatched
              FROM resolved WHERE resolved.id = c.id
        `);
    await queryRunner.query(`ALTER TABLE "incident_consents" ENABLE TRIGGER "incident_consents_append_only"`);
    await queryRunner.query(`
            CREATE OR REPLACE FUNCTION incident_consents_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              -- The one change allowed: a pending version confirmed, declined or cancelled, once.
              IF OLD.status = 'pending' AND NEW.status IN ('effective', 'declined', 'cancelled')
                 AND NEW.decided_by IS NOT NULL AND NEW.decided_at IS NOT NULL
                 AND (NEW.id, NEW.incident_id, NEW.version, NEW.level, NEW.recipients, NEW.withdrawn,
                      NEW.taken_by, NEW.taken_at, NEW.unmatched_recipients)
                     IS NOT DISTINCT FROM
                     (OLD.id, OLD.incident_id, OLD.version, OLD.level, OLD.recipients, OLD.withdrawn,
                      OLD.taken_by, OLD.taken_at, OLD.unmatched_recipients) THEN
                RETURN NEW;
              END IF;
              RAISE EXCEPTION 'incident_consents keeps its history: record a new version instead of an UPDATE'
                USING ERRCODE = 'insufficient_privilege';
            END
            $$
        `);
    const toReview = (await queryRunner.query(`
            SELECT incident_id, version, unmatched_recipients FROM incident_consents
             WHERE unmatched_recipients > 0 ORDER BY incident_id, version
        `)) as { incident_id: string; version: number; unmatched_recipients: number }[];
    if (toReview.length > 0) {
      // Ids and counts only: the names are in incident_consent_recipient_names.
      console.log(
        [
          `Consent recipients to review: ${toReview.length} consent version(s) named recipients that match no partner or organization, or several; they now reach only the recipients that matched (see the README, Abuse incidents, Consent).`,
          'incident_id,version,unmatched_recipients',
          ...toReview.map((row) => `${row.incident_id},${row.version},${row.unmatched_recipients}`),
        ].join('\n'),
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE OR REPLACE FUNCTION incident_consents_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'incident_consents keeps its history: record a new version instead of an UPDATE'
                USING ERRCODE = 'insufficient_privilege';
            END
            $$
        `);
    // Versions that never took effect did not exist before; the ones in force stay in force.
    await queryRunner.query(`DELETE FROM "incident_consents" WHERE "status" <> 'effective'`);
    await queryRunner.query(`ALTER TABLE "incident_consents" DISABLE TRIGGER "incident_consents_append_only"`);
    await queryRunner.query(`
            UPDATE incident_consents c SET recipients = n.names
              FROM incident_consent_recipient_names n WHERE n.consent_id = c.id
        `);
    // Recipients recorded as ids since then stay ids: the old matching read partner and organization ids too.
    await queryRunner.query(`ALTER TABLE "incident_consents" ENABLE TRIGGER "incident_consents_append_only"`);
    await queryRunner.query(`DROP TABLE "incident_consent_recipient_names"`);
    await queryRunner.query(`DROP INDEX "public"."incident_consents_one_pending_key"`);
    await queryRunner.query(`
            ALTER TABLE "incident_consents"
              DROP CONSTRAINT "incident_consents_decided_by_fkey",
              DROP CONSTRAINT "incident_consents_unmatched_recipients_check",
              DROP CONSTRAINT "incident_consents_pending_check",
              DROP CONSTRAINT "incident_consents_status_check",
              DROP COLUMN "decided_at",
              DROP COLUMN "decided_by",
              DROP COLUMN "unmatched_recipients",
              DROP COLUMN "status"
        `);
  }
}
