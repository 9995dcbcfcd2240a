import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service directory (HSDS organizations, services, locations, service_at_location) and
 * referrals with their status history. Reason and status notes are stored encrypted.
 */
export class AddReferrals1795944805741 implements MigrationInterface {
  name = 'AddReferrals1795944805741';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "organizations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "description" text NOT NULL,
                "email" text,
                "website" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "services" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organization_id" uuid NOT NULL,
                "name" text NOT NULL,
                "status" text NOT NULL,
                "category" text NOT NULL,
                "description" text,
                "eligibility_description" text,
                "languages" text array NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "services_category_check" CHECK (
                    "category" IN (
                        'legal',
                        'medical',
                        'psychosocial',
                        'shelter',
                        'documentation',
                        'education',
                        'employment',
                        'other'
                    )
                ),
                CONSTRAINT "services_status_check" CHECK (
                    "status" IN (
                        'active',
                        'inactive',
                        'defunct',
                        'temporarily closed'
                    )
                ),
                CONSTRAINT "PK_ba2d347a3168a296416c6c5ccb2" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "services_organization_id_idx" ON "services" ("organization_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "locations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organization_id" uuid NOT NULL,
                "location_type" text NOT NULL,
                "name" text,
                "address_1" text,
                "city" text,
                "state_province" text,
                "postal_code" text,
                "country" character(2),
                "latitude" double precision,
                "longitude" double precision,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "locations_longitude_check" CHECK (
                    "longitude" IS NULL
                    OR "longitude" BETWEEN -180 AND 180
                ),
                CONSTRAINT "locations_latitude_check" CHECK (
                    "latitude" IS NULL
                    OR "latitude" BETWEEN -90 AND 90
                ),
                CONSTRAINT "locations_location_type_check" CHECK (
                    "location_type" IN ('physical', 'postal', 'virtual')
                ),
                CONSTRAINT "PK_7cc1c9e3853b94816c094825e74" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "locations_organization_id_idx" ON "locations" ("organization_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "service_at_location" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "service_id" uuid NOT NULL,
                "location_id" uuid NOT NULL,
                CONSTRAINT "PK_736a1a1628a3a0ac275eb30fdfa" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "service_at_location_location_id_idx" ON "service_at_location" ("location_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "service_at_location_service_location_key" ON "service_at_location" ("service_id", "location_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "referrals" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "person_id" uuid NOT NULL,
                "from_shelter_id" uuid NOT NULL,
                "service_id" uuid NOT NULL,
                "reason_ciphertext" text NOT NULL,
                "urgency" text NOT NULL,
                "shared_fields" text array NOT NULL,
                "consent_obtained" boolean NOT NULL,
                "consent_taken_by" uuid NOT NULL,
                "consent_taken_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "status" text NOT NULL DEFAULT 'pending',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "referrals_shared_fields_check" CHECK (
                    "shared_fields" <@ ARRAY ['givenNames', 'familyNames', 'sex', 'birthDate', 'birthYear', 'nationality', 'languages', 'phone']::text []
                ),
                CONSTRAINT "referrals_consent_check" CHECK (
                    "consent_obtained"
                    AND "consent_taken_by" IS NOT NULL
                ),
                CONSTRAINT "referrals_status_check" CHECK (
                    "status" IN (
                        'pending',
                        'accepted',
                        'declined',
                        'completed',
                        'no_show',
                        'cancelled'
                    )
                ),
                CONSTRAINT "referrals_urgency_check" CHECK ("urgency" IN ('routine', 'urgent', 'emergency')),
                CONSTRAINT "PK_ea9980e34f738b6252817326c08" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "referrals_person_id_idx" ON "referrals" ("person_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "referrals_service_id_idx" ON "referrals" ("service_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "referrals_pending_idx" ON "referrals" ("created_at")
            WHERE "status" = 'pending'
        `);
    await queryRunner.query(`
            CREATE INDEX "referrals_from_shelter_created_idx" ON "referrals" ("from_shelter_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "referral_status_changes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "referral_id" uuid NOT NULL,
                "from_status" text,
                "to_status" text NOT NULL,
                "note_ciphertext" text,
                "changed_by" uuid NOT NULL,
                "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "referral_status_changes_to_status_check" CHECK (
                    "to_status" IN (
                        'pending',
                        'accepted',
                        'declined',
                        'completed',
                        'no_show',
                        'cancelled'
                    )
                ),
                CONSTRAINT "PK_8f1a210fb573dc0434c87efd7b8" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "referral_status_changes_referral_idx" ON "referral_status_changes" ("referral_id", "changed_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "services"
            ADD CONSTRAINT "services_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "locations"
            ADD CONSTRAINT "locations_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "service_at_location"
            ADD CONSTRAINT "service_at_location_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "service_at_location"
            ADD CONSTRAINT "service_at_location_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "locations"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "referrals"
            ADD CONSTRAINT "referrals_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "referral_status_changes"
            ADD CONSTRAINT "referral_status_changes_referral_id_fkey" FOREIGN KEY ("referral_id") REFERENCES "referrals"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "referral_status_changes" DROP CONSTRAINT "referral_status_changes_referral_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "referrals" DROP CONSTRAINT "referrals_service_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "service_at_location" DROP CONSTRAINT "service_at_location_location_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "service_at_location" DROP CONSTRAINT "service_at_location_service_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "locations" DROP CONSTRAINT "locations_organization_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "services" DROP CONSTRAINT "services_organization_id_fkey"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."referral_status_changes_referral_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "referral_status_changes"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."referrals_from_shelter_created_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."referrals_pending_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."referrals_service_id_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."referrals_person_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "referrals"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."service_at_location_service_location_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."service_at_location_location_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "service_at_location"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."locations_organization_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "locations"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."services_organization_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "services"
        `);
    await queryRunner.query(`
            DROP TABLE "organizations"
        `);
  }
}
