import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents attached to persons, stays, applications, incidents and referrals: their metadata
 * (title and the file's key encrypted) and, in the default store, their encrypted content in chunks.
 */
export class AddDocuments1796100000000 implements MigrationInterface {
  name = 'AddDocuments1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "documents" (
                "id" uuid NOT NULL,
                "owner_type" text NOT NULL,
                "owner_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "title_ciphertext" text,
                "media_type" text NOT NULL,
                "byte_size" bigint NOT NULL,
                "sha256" text NOT NULL,
                "key_ciphertext" text,
                "store" text NOT NULL,
                "object_key" text,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "deleted_at" TIMESTAMP WITH TIME ZONE,
                "deleted_by" uuid,
                CONSTRAINT "documents_owner_type_check" CHECK (
                    "owner_type" IN ('person', 'stay', 'asylum_application', 'incident', 'referral')
                ),
                CONSTRAINT "documents_kind_check" CHECK (
                    "kind" IN ('identity', 'comar_record', 'court_record', 'medical', 'evidence_photo', 'other')
                ),
                CONSTRAINT "documents_store_check" CHECK ("store" IN ('postgres', 's3')),
                CONSTRAINT "documents_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "documents_owner_idx" ON "documents" ("owner_type", "owner_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "document_chunks" (
                "document_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "data" bytea NOT NULL,
                CONSTRAINT "document_chunks_pkey" PRIMARY KEY ("document_id", "seq")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "document_chunks"
            ADD CONSTRAINT "document_chunks_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    // Chunks are already encrypted: compressing them in TOAST only costs time.
    await queryRunner.query(`ALTER TABLE "document_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "document_chunks"`);
    await queryRunner.query(`DROP TABLE "documents"`);
  }
}
