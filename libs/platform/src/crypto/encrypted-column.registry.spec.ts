import { ENCRYPTED_COLUMN_MODULES, EncryptedColumnRegistry } from './encrypted-column.registry';

const column = (table: string) => ({ table, column: 'note_ciphertext', field: `${table}.note` });

describe('EncryptedColumnRegistry', () => {
  it('answers every column, module by module, once every module registered', () => {
    const registry = new EncryptedColumnRegistry();
    for (const module of [...ENCRYPTED_COLUMN_MODULES].reverse())
      registry.register(module, [column(`${module}_things`)]);
    expect(registry.columns().map(({ table }) => table)).toEqual(
      ENCRYPTED_COLUMN_MODULES.map((module) => `${module}_things`),
    );
  });

  it('fails naming the modules that did not register, rather than answer part of the columns', () => {
    const registry = new EncryptedColumnRegistry();
    registry.register('intake', [column('persons')]);
    registry.register('incidents', [column('incidents')]);
    expect(() => registry.columns()).toThrow(
      'asylum, referrals, exports, casefile, documents, platform did not register',
    );
  });

  it('refuses a field registered twice, and names that are not plain identifiers', () => {
    const registry = new EncryptedColumnRegistry();
    for (const module of ENCRYPTED_COLUMN_MODULES) registry.register(module, [column('same')]);
    expect(() => registry.columns()).toThrow('registered twice: same.note');
    expect(() => registry.register('intake', [{ ...column('persons'), column: 'phone"; DROP TABLE x; --' }])).toThrow(
      'not a plain identifier',
    );
    expect(() => registry.register('intake', [{ ...column('persons'), rowKey: [] }])).toThrow('names no row key');
  });
});
