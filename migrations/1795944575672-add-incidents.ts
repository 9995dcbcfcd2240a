import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Abuse incidents in the HURIDOCS events model: incidents, their acts (one victim each), the
 * perpetrators involved in each act, the consent history and the review. By hand: a trigger that
 * keeps the consent history append-only (a change of consent is a new version, never an update).
 */
export class AddIncidents1795944575672 implements MigrationInterface {
  name = 'AddIncidents1795944575672';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "incidents" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "shelter_id" uuid NOT NULL,
                "occurred_on" date NOT NULL,
                "occurred_on_approximate" boolean NOT NULL DEFAULT false,
                "time_of_day" text,
                "location_state" text NOT NULL,
                "location_municipality" text,
                "place_type" text NOT NULL,
                "location_description_ciphertext" text,
                "latitude" double precision,
                "longitude" double precision,
                "reported_to" text array NOT NULL DEFAULT '{}',
                "witnesses_count" integer,
                "witnesses_note_ciphertext" text,
                "narrative_ciphertext" text NOT NULL,
                "status" text NOT NULL DEFAULT 'submitted',
                "child_victim" boolean NOT NULL,
                "sexual_violence" boolean NOT NULL,
                "state_perpetrator" boolean NOT NULL,
                "recorded_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "incidents_witnesses_count_check" CHECK ("witnesses_count" >= 0),
                CONSTRAINT "incidents_coordinates_check" CHECK (
                    ("latitude" IS NULL) = ("longitude" IS NULL)
                    AND "latitude" BETWEEN -90 AND 90
                    AND "longitude" BETWEEN -180 AND 180
                ),
                CONSTRAINT "incidents_reported_to_check" CHECK (
                    "reported_to" <@ ARRAY ['none', 'cndh', 'state_human_rights_commission', 'public_prosecutor', 'fiscalia_migrantes', 'inm', 'comar', 'police', 'consulate', 'unhcr', 'ngo', 'other']::text []
                ),
                CONSTRAINT "incidents_place_type_check" CHECK (
                    "place_type" IN (
                        'rail_line',
                        'train',
                        'highway',
                        'bus',
                        'bus_station',
                        'checkpoint',
                        'migration_station',
                        'detention_center',
                        'shelter',
                        'street',
                        'rural_area',
                        'river_crossing',
                        'safe_house',
                        'other'
                    )
                ),
                CONSTRAINT "incidents_time_of_day_check" CHECK (
                    "time_of_day" IN ('early_morning', 'morning', 'afternoon', 'night')
                ),
                CONSTRAINT "incidents_status_check" CHECK (
                    "status" IN ('submitted', 'verified', 'rejected')
                ),
                CONSTRAINT "PK_ccb34c01719889017e2246469f9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "incidents_status_occurred_idx" ON "incidents" ("status", "occurred_on")
        `);
    await queryRunner.query(`
            CREATE INDEX "incidents_shelter_occurred_idx" ON "incidents" ("shelter_id", "occurred_on", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "incident_consents" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "incident_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "level" text NOT NULL,
                "recipients" text array NOT NULL DEFAULT '{}',
                "withdrawn" boolean NOT NULL DEFAULT false,
                "taken_by" uuid NOT NULL,
                "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "incident_consents_version_check" CHECK ("version" > 0),
                CONSTRAINT "incident_consents_withdrawn_check" CHECK (
                    NOT "withdrawn"
                    OR "level" = 'none'
                ),
                CONSTRAINT "incident_consents_recipients_check" CHECK (
                    "level" <> 'none'
                    OR cardinality("recipients") = 0
                ),
                CONSTRAINT "incident_consents_level_check" CHECK ("level" IN ('none', 'anonymous', 'identified')),
                CONSTRAINT "PK_f0f17b57a02fb41e555c1e154d2" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "incident_consents_incident_version_key" ON "incident_consents" ("incident_id", "version")
        `);
    await queryRunner.query(`
            CREATE TABLE "incident_acts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "incident_id" uuid NOT NULL,
                "position" smallint NOT NULL,
                "act_type" text NOT NULL,
                "victim_person_id" uuid,
                "victim_sex" text,
                "victim_age_band" text,
                "victim_nationality" character(2),
                "injuries" boolean,
                "injury_details_ciphertext" text,
                "medical_care_denied" boolean,
                CONSTRAINT "incident_acts_injury_details_check" CHECK (
                    "injury_details_ciphertext" IS NULL
                    OR "injuries" IS TRUE
                ),
                CONSTRAINT "incident_acts_victim_check" CHECK (
                    (
                        "victim_person_id" IS NOT NULL
                        AND "victim_sex" IS NULL
                        AND "victim_age_band" IS NULL
                        AND "victim_nationality" IS NULL
                    )
                    OR (
                        "victim_person_id" IS NULL
                        AND "victim_sex" IS NOT NULL
                        AND "victim_age_band" IS NOT NULL
                    )
                ),
                CONSTRAINT "incident_acts_victim_age_band_check" CHECK (
                    "victim_age_band" IN (
                        '0-4',
                        '5-11',
                        '12-17',
                        '18-25',
                        '26-59',
                        '60+',
                        'unknown'
                    )
                ),
                CONSTRAINT "incident_acts_victim_sex_check" CHECK (
                    "victim_sex" IN ('female', 'male', 'intersex', 'unknown')
                ),
                CONSTRAINT "incident_acts_type_check" CHECK (
                    "act_type" IN (
                        'extortion',
                        'robbery',
                        'kidnapping',
                        'physical_assault',
                        'sexual_violence',
                        'torture',
                        'killing',
                        'threat',
                        'arbitrary_detention',
                        'denial_of_medical_care',
                        'bribe_demand',
                        'destruction_of_documents',
                        'family_separation',
                        'handover_to_criminals',
                        'other'
                    )
                ),
                CONSTRAINT "PK_5a88564f2fde25ba12d4df7271b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "incident_acts_victim_person_id_idx" ON "incident_acts" ("victim_person_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "incident_acts_type_idx" ON "incident_acts" ("act_type", "incident_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "incident_acts_incident_position_key" ON "incident_acts" ("incident_id", "position")
        `);
    await queryRunner.query(`
            CREATE TABLE "incident_reviews" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "incident_id" uuid NOT NULL,
                "decision" text NOT NULL,
                "note_ciphertext" text NOT NULL,
                "reviewer_id" uuid NOT NULL,
                "reviewed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "incident_reviews_decision_check" CHECK ("decision" IN ('verified', 'rejected')),
                CONSTRAINT "PK_00b5de5bab7f2db02aff4679897" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "incident_reviews_incident_id_key" ON "incident_reviews" ("incident_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "incident_involvements" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "act_id" uuid NOT NULL,
                "position" smallint NOT NULL,
                "perpetrator_type" text NOT NULL,
                "perpetrator_count" integer,
                "description_ciphertext" text,
                CONSTRAINT "incident_involvements_count_check" CHECK ("perpetrator_count" > 0),
                CONSTRAINT "incident_involvements_type_check" CHECK (
                    "perpetrator_type" IN (
                        'inm_agent',
                        'national_guard',
                        'federal_police',
                        'state_police',
                        'municipal_police',
                        'military',
                        'organized_crime',
                        'smuggler',
                        'private_security',
                        'other_migrants',
                        'unknown'
                    )
                ),
                CONSTRAINT "PK_65f1a19fa70aa54cb815154d915" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "incident_involvements_type_idx" ON "incident_involvements" ("perpetrator_type", "act_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "incident_involvements_act_position_key" ON "incident_involvements" ("act_id", "position")
        `);
    await queryRunner.query(`
            ALTER TABLE "incidents"
            ADD CONSTRAINT "incidents_shelter_id_fkey" FOREIGN KEY ("shelter_id") REFERENCES "shelters"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "incidents"
            ADD CONSTRAINT "incidents_recorded_by_fkey" FOREIGN KEY ("recorded_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "incident_consents"
            ADD CONSTRAINT "incident_consents_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "incident_consents"
            ADD CONSTRAINT "incident_consents_taken_by_fkey" FOREIGN KEY ("taken_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "incident_acts"
            ADD CONSTRAINT "incident_acts_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "incident_acts"
            ADD CONSTRAINT "incident_acts_victim_person_id_fkey" FOREIGN KEY ("victim_person_id") REFERENCES "persons"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "incident_reviews"
            ADD CONSTRAINT "incident_reviews_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "incident_reviews"
            ADD CONSTRAINT "incident_reviews_reviewer_id_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "incident_involvements"
            ADD CONSTRAINT "incident_involvements_act_id_fkey" FOREIGN KEY ("act_id") REFERENCES "incident_acts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            CREATE FUNCTION incident_consents_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'incident_consents keeps its history: record a new version instead of an UPDATE'
                USING ERRCODE = 'insufficient_privilege';
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER incident_consents_append_only BEFORE UPDATE ON "incident_consents"
              FOR EACH ROW EXECUTE FUNCTION incident_consents_refuse_update()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "incident_consents_append_only" ON "incident_consents"`);
    await queryRunner.query(`DROP FUNCTION incident_consents_refuse_update()`);
    await queryRunner.query(`
            ALTER TABLE "incident_involvements" DROP CONSTRAINT "incident_involvements_act_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "incident_reviews" DROP CONSTRAINT "incident_reviews_reviewer_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "incident_reviews" DROP CONSTRAINT "incident_reviews_incident_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "incident_acts" DROP CONSTRAINT "incident_acts_victim_person_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "incident_acts" DROP CONSTRAINT "incident_acts_incident_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "incident_consents" DROP CONSTRAINT "incident_consents_taken_by_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "incident_consents" DROP CONSTRAINT "incident_consents_incident_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "incidents" DROP CONSTRAINT "incidents_recorded_by_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "incidents" DROP CONSTRAINT "incidents_shelter_id_fkey"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."incident_involvements_act_position_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."incident_involvements_type_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "incident_involvements"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."incident_reviews_incident_id_key"
        `);
    await queryRunner.query(`
            DROP TABLE "incident_reviews"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."incident_acts_incident_position_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."incident_acts_type_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."incident_acts_victim_person_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "incident_acts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."incident_consents_incident_version_key"
        `);
    await queryRunner.query(`
            DROP TABLE "incident_consents"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."incidents_shelter_occurred_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."incidents_status_occurred_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "incidents"
        `);
  }
}
