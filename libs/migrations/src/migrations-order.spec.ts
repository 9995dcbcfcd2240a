import { migrations } from './index';

/** The timestamp at the end of a migration's class name (`AddIntake1795943012548`). */
const timestampOf = (name: string): number => Number(/(\d{13})$/.exec(name)?.[1]);

describe('the list of migrations', () => {
  // TypeORM applies migrations in timestamp order whatever the list says; a list out of that
  // order (two branches appending at once) makes the backup manifest and the list disagree.
  it('holds every migration once, oldest first, each named with its timestamp', () => {
    const names = migrations.map((migration) => migration.name);
    expect(names.every((name) => Number.isFinite(timestampOf(name)))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort((a, b) => timestampOf(a) - timestampOf(b)));
  });
});
