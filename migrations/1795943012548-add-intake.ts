import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shelters, persons, households, stays and case-number sequences. By hand: the trigram index
 * that name search and duplicate matching probe.
 */
export class AddIntake1795943012548 implements MigrationInterface {
  name = 'AddIntake1795943012548';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "persons" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "given_names" text NOT NULL,
                "family_names" text NOT NULL DEFAULT '',
                "aliases" text array NOT NULL DEFAULT '{}',
                "sex" text NOT NULL,
                "gender_identity" text,
                "birth_date" date,
                "estimated_birth_year" integer,
                "nationality" character(2) NOT NULL,
                "place_of_origin" text,
                "languages" text array NOT NULL DEFAULT '{}',
                "phone_ciphertext" text,
                "phone_index" text,
                "search_name" text NOT NULL,
                "birth_year" integer,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "persons_sex_check" CHECK (
                    "sex" IN ('female', 'male', 'intersex', 'unknown')
                ),
                CONSTRAINT "PK_74278d8812a049233ce41440ac7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "persons_phone_index_idx" ON "persons" ("phone_index")
        `);
    await queryRunner.query(`
            CREATE INDEX "persons_birth_year_idx" ON "persons" ("birth_year")
        `);
    await queryRunner.query(`
            CREATE TABLE "households" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_2b1aef2640717132e9231aac756" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "household_members" (
                "household_id" uuid NOT NULL,
                "person_id" uuid NOT NULL,
                "relationship" text NOT NULL,
                CONSTRAINT "PK_6ac986df17cb5366e1679014194" PRIMARY KEY ("household_id", "person_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "household_members_person_id_idx" ON "household_members" ("person_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "shelters" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "code" text NOT NULL,
                "state" text NOT NULL,
                "municipality" text NOT NULL,
                "capacity" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_91ad96be54ee26203d624b96f5f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "shelters_code_key" ON "shelters" ("code")
        `);
    await queryRunner.query(`
            CREATE TABLE "stays" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "shelter_id" uuid NOT NULL,
                "person_id" uuid NOT NULL,
                "household_id" uuid,
                "case_number" text NOT NULL,
                "checked_in_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "checked_out_at" TIMESTAMP WITH TIME ZONE,
                "destination" text,
                "reasons_for_leaving" text array NOT NULL DEFAULT '{}',
                "vulnerabilities" text array NOT NULL DEFAULT '{}',
                "previous_deportations" jsonb NOT NULL DEFAULT '[]',
                "intended_destination" text,
                "notes_ciphertext" text,
                "checkout_note_ciphertext" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "stays_checkout_after_checkin" CHECK (
                    "checked_out_at" IS NULL
                    OR "checked_out_at" >= "checked_in_at"
                ),
                CONSTRAINT "PK_55e31a0cae0fd6ab1a9f3c6b593" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "stays_person_id_idx" ON "stays" ("person_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "stays_case_number_key" ON "stays" ("case_number")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "stays_one_open_per_person" ON "stays" ("person_id")
            WHERE "checked_out_at" IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "stays_shelter_present_idx" ON "stays" ("shelter_id", "checked_in_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "case_number_sequences" (
                "shelter_id" uuid NOT NULL,
                "year" integer NOT NULL,
                "last_value" integer NOT NULL,
                CONSTRAINT "PK_4937181aac286a47f3872b59282" PRIMARY KEY ("shelter_id", "year")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "household_members"
            ADD CONSTRAINT "household_members_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "household_members"
            ADD CONSTRAINT "household_members_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "stays"
            ADD CONSTRAINT "stays_shelter_id_fkey" FOREIGN KEY ("shelter_id") REFERENCES "shelters"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "stays"
            ADD CONSTRAINT "stays_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "stays"
            ADD CONSTRAINT "stays_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_number_sequences"
            ADD CONSTRAINT "case_number_sequences_shelter_id_fkey" FOREIGN KEY ("shelter_id") REFERENCES "shelters"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            CREATE INDEX "persons_search_name_trgm_idx" ON "persons" USING gin ("search_name" gin_trgm_ops)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."persons_search_name_trgm_idx"`);
    await queryRunner.query(`
            ALTER TABLE "case_number_sequences" DROP CONSTRAINT "case_number_sequences_shelter_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "stays" DROP CONSTRAINT "stays_household_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "stays" DROP CONSTRAINT "stays_person_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "stays" DROP CONSTRAINT "stays_shelter_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "household_members" DROP CONSTRAINT "household_members_person_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "household_members" DROP CONSTRAINT "household_members_household_id_fkey"
        `);
    await queryRunner.query(`
            DROP TABLE "case_number_sequences"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."stays_shelter_present_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."stays_one_open_per_person"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."stays_case_number_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."stays_person_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "stays"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."shelters_code_key"
        `);
    await queryRunner.query(`
            DROP TABLE "shelters"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."household_members_person_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "household_members"
        `);
    await queryRunner.query(`
            DROP TABLE "households"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."persons_birth_year_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."persons_phone_index_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "persons"
        `);
  }
}
