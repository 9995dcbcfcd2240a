import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foreign keys of the exports tables. An export's file, outbox row and deliveries go with it; its
 * disclosure log does not, so an export that sent records cannot be deleted.
 */
export class AddExportsForeignKeys1795946447005 implements MigrationInterface {
  name = 'AddExportsForeignKeys1795946447005';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "exports"
            ADD CONSTRAINT "exports_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_deliveries"
            ADD CONSTRAINT "webhook_deliveries_export_id_fkey" FOREIGN KEY ("export_id") REFERENCES "exports"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_delivery_attempts"
            ADD CONSTRAINT "webhook_delivery_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "export_disclosures"
            ADD CONSTRAINT "export_disclosures_export_id_fkey" FOREIGN KEY ("export_id") REFERENCES "exports"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "export_file_chunks"
            ADD CONSTRAINT "export_file_chunks_export_id_fkey" FOREIGN KEY ("export_id") REFERENCES "exports"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "export_outbox"
            ADD CONSTRAINT "export_outbox_export_id_fkey" FOREIGN KEY ("export_id") REFERENCES "exports"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "export_outbox" DROP CONSTRAINT "export_outbox_export_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "export_file_chunks" DROP CONSTRAINT "export_file_chunks_export_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "export_disclosures" DROP CONSTRAINT "export_disclosures_export_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_delivery_attempts" DROP CONSTRAINT "webhook_delivery_attempts_delivery_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_export_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "exports" DROP CONSTRAINT "exports_partner_id_fkey"
        `);
  }
}
