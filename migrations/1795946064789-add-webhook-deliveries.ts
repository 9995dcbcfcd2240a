import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook notifications of completed exports and each of their attempts; a partner's webhook is
 * disabled when its endpoint answers 410 Gone.
 */
export class AddWebhookDeliveries1795946064789 implements MigrationInterface {
  name = 'AddWebhookDeliveries1795946064789';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "webhook_deliveries" (
                "id" text NOT NULL,
                "export_id" uuid NOT NULL,
                "partner_id" uuid NOT NULL,
                "body" text NOT NULL,
                "status" text NOT NULL DEFAULT 'pending',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "webhook_deliveries_status_check" CHECK (
                    "status" IN (
                        'pending',
                        'succeeded',
                        'failed',
                        'endpoint_gone'
                    )
                ),
                CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "webhook_deliveries_export_id_key" ON "webhook_deliveries" ("export_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "webhook_delivery_attempts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "delivery_id" text NOT NULL,
                "attempt" integer NOT NULL,
                "status_code" integer,
                "error" text,
                "duration_ms" integer NOT NULL,
                "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_59ef9124585b56c18b98548a0c6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "webhook_delivery_attempts_delivery_idx" ON "webhook_delivery_attempts" ("delivery_id", "attempt")
        `);
    await queryRunner.query(`
            ALTER TABLE "partners"
            ADD "webhook_disabled_at" TIMESTAMP WITH TIME ZONE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "partners" DROP COLUMN "webhook_disabled_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."webhook_delivery_attempts_delivery_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_delivery_attempts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."webhook_deliveries_export_id_key"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_deliveries"
        `);
  }
}
