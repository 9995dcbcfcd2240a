import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case notes: typed, encrypted, never edited. A correction names the note it corrects, of the same
 * person (the composite foreign key on (corrects_id, person_id)). Only the ciphertext may change
 * after the insert (keys:rotate rewrites it); a trigger refuses any other update.
 */
export class AddCaseNotes1796200000000 implements MigrationInterface {
  name = 'AddCaseNotes1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "case_notes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "person_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "body_ciphertext" text NOT NULL,
                "author_id" uuid NOT NULL,
                "corrects_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "case_notes_kind_check" CHECK (
                    "kind" IN ('general', 'social', 'legal', 'medical', 'psychosocial')
                ),
                CONSTRAINT "PK_case_notes_id" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "case_notes_id_person_key" ON "case_notes" ("id", "person_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "case_notes_person_created_idx" ON "case_notes" ("person_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "case_notes_author_id_idx" ON "case_notes" ("author_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "case_notes_corrects_id_idx" ON "case_notes" ("corrects_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "case_notes"
            ADD CONSTRAINT "case_notes_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_notes"
            ADD CONSTRAINT "case_notes_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_notes"
            ADD CONSTRAINT "case_notes_corrects_fkey" FOREIGN KEY ("corrects_id", "person_id") REFERENCES "case_notes"("id", "person_id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            CREATE FUNCTION case_notes_refuse_edits() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF (NEW.id, NEW.person_id, NEW.kind, NEW.author_id, NEW.corrects_id, NEW.created_at)
                   IS DISTINCT FROM (OLD.id, OLD.person_id, OLD.kind, OLD.author_id, OLD.corrects_id, OLD.created_at) THEN
                    RAISE EXCEPTION 'case notes are never edited: add a correction' USING ERRCODE = 'restrict_violation';
                END IF;
                RETURN NEW;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER "case_notes_refuse_edits" BEFORE UPDATE ON "case_notes"
            FOR EACH ROW EXECUTE FUNCTION case_notes_refuse_edits()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "case_notes_refuse_edits" ON "case_notes"`);
    await queryRunner.query(`DROP FUNCTION case_notes_refuse_edits()`);
    await queryRunner.query(`DROP TABLE "case_notes"`);
  }
}
