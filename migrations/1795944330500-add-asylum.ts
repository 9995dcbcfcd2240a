import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Asylum applications and their dependents, the event timeline, the Mexican calendar's closure
 * days, the computed deadlines and the lawyers' reminders. Every enum is a check constraint
 * declared on its entity; the partial indexes serve the open-deadline and decision queries.
 */
export class AddAsylum1795944330500 implements MigrationInterface {
  name = 'AddAsylum1795944330500';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "asylum_applications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "person_id" uuid NOT NULL,
                "jurisdiction" text NOT NULL,
                "office" text,
                "entered_country_on" date NOT NULL,
                "grounds" text NOT NULL,
                "nationality" character(2) NOT NULL,
                "lawyer_id" uuid NOT NULL,
                "shelter_id" uuid NOT NULL,
                "status" text NOT NULL,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "asylum_applications_status_check" CHECK (
                    "status" IN (
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
                        'closed'
                    )
                ),
                CONSTRAINT "asylum_applications_grounds_check" CHECK (
                    "grounds" IN (
                        'race',
                        'religion',
                        'nationality',
                        'political_opinion',
                        'particular_social_group',
                        'generalized_violence',
                        'gender',
                        'other'
                    )
                ),
                CONSTRAINT "asylum_applications_jurisdiction_check" CHECK (
                    "jurisdiction" IN ('MX_COMAR', 'US_AFFIRMATIVE', 'US_DEFENSIVE')
                ),
                CONSTRAINT "PK_3c9719614859e9aa10ebf3b2465" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "asylum_applications_person_idx" ON "asylum_applications" ("person_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "asylum_applications_shelter_idx" ON "asylum_applications" ("shelter_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "asylum_applications_lawyer_idx" ON "asylum_applications" ("lawyer_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "asylum_application_dependents" (
                "application_id" uuid NOT NULL,
                "person_id" uuid NOT NULL,
                CONSTRAINT "PK_0f96afeaccca3bfe5f9ed1a1f73" PRIMARY KEY ("application_id", "person_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "asylum_application_dependents_person_idx" ON "asylum_application_dependents" ("person_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "asylum_deadlines" (
                "application_id" uuid NOT NULL,
                "position" smallint NOT NULL,
                "kind" text NOT NULL,
                "due_on" date NOT NULL,
                "basis" text NOT NULL,
                "rule_version" text NOT NULL,
                "met" boolean NOT NULL,
                "fulfilled_on" date,
                "late" boolean NOT NULL,
                "informative" boolean NOT NULL,
                "open" boolean NOT NULL,
                CONSTRAINT "asylum_deadlines_kind_check" CHECK (
                    "kind" IN (
                        'comar_filing',
                        'ratification',
                        'comar_decision',
                        'appeal',
                        'signature',
                        'us_one_year_filing',
                        'bia_appeal'
                    )
                ),
                CONSTRAINT "PK_7849b59a357d4aa47222bd12ed0" PRIMARY KEY ("application_id", "position")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "asylum_deadlines_open_due_idx" ON "asylum_deadlines" ("due_on", "application_id")
            WHERE "open"
        `);
    await queryRunner.query(`
            CREATE TABLE "asylum_events" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "application_id" uuid NOT NULL,
                "sequence" integer NOT NULL,
                "type" text NOT NULL,
                "occurred_on" date NOT NULL,
                "notified_on" date,
                "outcome" text,
                "via_representative" boolean NOT NULL DEFAULT false,
                "late" boolean NOT NULL DEFAULT false,
                "late_justification_ciphertext" text,
                "note_ciphertext" text,
                "recorded_by" uuid NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "asylum_events_notified_after_decision" CHECK (
                    "notified_on" IS NULL
                    OR "notified_on" >= "occurred_on"
                ),
                CONSTRAINT "asylum_events_outcome_check" CHECK (
                    "outcome" IS NULL
                    OR "outcome" IN (
                        'recognized',
                        'complementary_protection',
                        'denied',
                        'granted',
                        'referred_to_court',
                        'withholding',
                        'cat_protection'
                    )
                ),
                CONSTRAINT "asylum_events_type_check" CHECK (
                    "type" IN (
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
                        'closed'
                    )
                ),
                CONSTRAINT "PK_c9caf6a14b6a0b0a5f6d292ef11" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "asylum_events_decided_on_idx" ON "asylum_events" ("occurred_on")
            WHERE "type" = 'decision'
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "asylum_events_timeline_key" ON "asylum_events" ("application_id", "sequence")
        `);
    await queryRunner.query(`
            CREATE TABLE "asylum_reminders" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "application_id" uuid NOT NULL,
                "deadline_kind" text NOT NULL,
                "due_on" date NOT NULL,
                "threshold" smallint NOT NULL,
                "lawyer_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "asylum_reminders_threshold_check" CHECK ("threshold" IN (1, 3)),
                CONSTRAINT "asylum_reminders_kind_check" CHECK (
                    "deadline_kind" IN (
                        'comar_filing',
                        'ratification',
                        'comar_decision',
                        'appeal',
                        'signature',
                        'us_one_year_filing',
                        'bia_appeal'
                    )
                ),
                CONSTRAINT "PK_ac6bed977c2fb559c82958e48e3" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "asylum_reminders_lawyer_idx" ON "asylum_reminders" ("lawyer_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "asylum_reminders_once_key" ON "asylum_reminders" (
                "application_id",
                "deadline_kind",
                "due_on",
                "threshold"
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "calendar_closures" (
                "date" date NOT NULL,
                "reference" text NOT NULL,
                "entered_by" uuid NOT NULL,
                "entered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_dc66eacc58ae1638c45bf0a712c" PRIMARY KEY ("date")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_applications"
            ADD CONSTRAINT "asylum_applications_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_applications"
            ADD CONSTRAINT "asylum_applications_lawyer_id_fkey" FOREIGN KEY ("lawyer_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_applications"
            ADD CONSTRAINT "asylum_applications_shelter_id_fkey" FOREIGN KEY ("shelter_id") REFERENCES "shelters"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_applications"
            ADD CONSTRAINT "asylum_applications_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_application_dependents"
            ADD CONSTRAINT "asylum_application_dependents_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "asylum_applications"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_application_dependents"
            ADD CONSTRAINT "asylum_application_dependents_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_deadlines"
            ADD CONSTRAINT "asylum_deadlines_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "asylum_applications"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_events"
            ADD CONSTRAINT "asylum_events_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "asylum_applications"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_events"
            ADD CONSTRAINT "asylum_events_recorded_by_fkey" FOREIGN KEY ("recorded_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_reminders"
            ADD CONSTRAINT "asylum_reminders_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "asylum_applications"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_reminders"
            ADD CONSTRAINT "asylum_reminders_lawyer_id_fkey" FOREIGN KEY ("lawyer_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_closures"
            ADD CONSTRAINT "calendar_closures_entered_by_fkey" FOREIGN KEY ("entered_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "calendar_closures" DROP CONSTRAINT "calendar_closures_entered_by_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_reminders" DROP CONSTRAINT "asylum_reminders_lawyer_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_reminders" DROP CONSTRAINT "asylum_reminders_application_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_events" DROP CONSTRAINT "asylum_events_recorded_by_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_events" DROP CONSTRAINT "asylum_events_application_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_deadlines" DROP CONSTRAINT "asylum_deadlines_application_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_application_dependents" DROP CONSTRAINT "asylum_application_dependents_person_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_application_dependents" DROP CONSTRAINT "asylum_application_dependents_application_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_applications" DROP CONSTRAINT "asylum_applications_created_by_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_applications" DROP CONSTRAINT "asylum_applications_shelter_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_applications" DROP CONSTRAINT "asylum_applications_lawyer_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "asylum_applications" DROP CONSTRAINT "asylum_applications_person_id_fkey"
        `);
    await queryRunner.query(`
            DROP TABLE "calendar_closures"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."asylum_reminders_once_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."asylum_reminders_lawyer_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "asylum_reminders"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."asylum_events_timeline_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."asylum_events_decided_on_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "asylum_events"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."asylum_deadlines_open_due_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "asylum_deadlines"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."asylum_application_dependents_person_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "asylum_application_dependents"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."asylum_applications_lawyer_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."asylum_applications_shelter_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."asylum_applications_person_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "asylum_applications"
        `);
  }
}
