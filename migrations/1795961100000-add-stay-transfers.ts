import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transfers between shelters as a deliberate handover: the sending shelter offers, the receiving
 * shelter accepts at intake. Before this, any shelter could close another's stay as `transferred`
 * and take the person over by naming their id.
 */
export class AddStayTransfers1795961100000 implements MigrationInterface {
  name = 'AddStayTransfers1795961100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "stay_transfers" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "stay_id" uuid NOT NULL,
                "person_id" uuid NOT NULL,
                "from_shelter_id" uuid NOT NULL,
                "to_shelter_id" uuid NOT NULL,
                "status" text NOT NULL DEFAULT 'pending',
                "offered_by" uuid NOT NULL,
                "offered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "decided_by" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "accepted_stay_id" uuid,
                CONSTRAINT "stay_transfers_status_check" CHECK ("status" IN ('pending', 'accepted', 'cancelled')),
                CONSTRAINT "stay_transfers_between_two_shelters" CHECK ("from_shelter_id" <> "to_shelter_id"),
                CONSTRAINT "stay_transfers_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "stay_transfers_one_pending_per_person" ON "stay_transfers" ("person_id")
            WHERE "status" = 'pending'
        `);
    await queryRunner.query(`
            CREATE INDEX "stay_transfers_to_shelter_idx" ON "stay_transfers" ("to_shelter_id", "status", "offered_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "stay_transfers_from_shelter_idx" ON "stay_transfers" ("from_shelter_id", "status", "offered_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "stay_transfers"
            ADD CONSTRAINT "stay_transfers_stay_id_fkey" FOREIGN KEY ("stay_id") REFERENCES "stays"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "stay_transfers"
            ADD CONSTRAINT "stay_transfers_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "stay_transfers"
            ADD CONSTRAINT "stay_transfers_from_shelter_id_fkey" FOREIGN KEY ("from_shelter_id") REFERENCES "shelters"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "stay_transfers"
            ADD CONSTRAINT "stay_transfers_to_shelter_id_fkey" FOREIGN KEY ("to_shelter_id") REFERENCES "shelters"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "stay_transfers"
            ADD CONSTRAINT "stay_transfers_accepted_stay_id_fkey" FOREIGN KEY ("accepted_stay_id") REFERENCES "stays"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "stay_transfers"');
  }
}
