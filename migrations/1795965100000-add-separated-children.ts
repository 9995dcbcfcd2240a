import { MigrationInterface, QueryRunner } from 'typeorm';

const VULNERABILITIES = [
  'unaccompanied_minor',
  'separated_child',
  'pregnant',
  'injured',
  'disability',
  'chronic_illness',
  'lgbti',
  'survivor_of_violence',
  'elderly',
  'single_parent',
  'other',
];
const RELATIONSHIPS = [
  'head',
  'spouse',
  'child',
  'parent',
  'sibling',
  'grandparent',
  'other_relative',
  'legal_guardian',
  'other',
];
const list = (codes: string[]): string => codes.map((code) => `'${code}'`).join(', ');

/**
 * `separated_child` becomes a vulnerability of its own and `legal_guardian` a relationship; the
 * database now holds both vocabularies (the API always did). The codes are copied here, not
 * imported, so that this migration means the same thing after the vocabularies change again.
 */
export class AddSeparatedChildren1795965100000 implements MigrationInterface {
  name = 'AddSeparatedChildren1795965100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "stays"
            ADD CONSTRAINT "stays_vulnerabilities_check" CHECK ("vulnerabilities" <@ ARRAY[${list(VULNERABILITIES)}]::text[])
        `);
    await queryRunner.query(`
            ALTER TABLE "household_members"
            ADD CONSTRAINT "household_members_relationship_check" CHECK ("relationship" IN (${list(RELATIONSHIPS)}))
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "household_members" DROP CONSTRAINT "household_members_relationship_check"
        `);
    await queryRunner.query(`
            ALTER TABLE "stays" DROP CONSTRAINT "stays_vulnerabilities_check"
        `);
  }
}
