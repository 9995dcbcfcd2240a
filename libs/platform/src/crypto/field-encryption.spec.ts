import { randomBytes } from 'node:crypto';

import { parseConfig } from '../config/app-config';
import { FieldEncryption } from './field-encryption';

const key = (): string => randomBytes(32).toString('base64');
const configWith = (keys: string, blindIndexKey = key()) =>
  parseConfig({ TOKEN_SIGNING_KEY: key(), FIELD_ENCRYPTION_KEYS: keys, BLIND_INDEX_KEY: blindIndexKey });

describe('FieldEncryption', () => {
  const oldKey = `old:${key()}`;
  const encryption = new FieldEncryption(configWith(oldKey));

  it('round-trips text, with a fresh IV each time and the key id in the clear', () => {
    const first = encryption.encrypt('+52 916 123 4567', 'persons.phone');
    const second = encryption.encrypt('+52 916 123 4567', 'persons.phone');
    expect(first).not.toBe(second);
    expect(first).toMatch(/^v1\.old\./);
    expect(first).not.toContain('4567');
    expect(encryption.decrypt(first, 'persons.phone')).toBe('+52 916 123 4567');
  });

  it('refuses a ciphertext moved to another column, or tampered with', () => {
    const ciphertext = encryption.encrypt('golpeado en el tren', 'incidents.narrative');
    expect(() => encryption.decrypt(ciphertext, 'persons.phone')).toThrow();
    const parts = ciphertext.split('.');
    parts[4] = Buffer.from('x' + Buffer.from(parts[4], 'base64url').toString('latin1'), 'latin1').toString('base64url');
    expect(() => encryption.decrypt(parts.join('.'), 'incidents.narrative')).toThrow();
  });

  it('keeps decrypting old ciphertexts after a new key becomes active', () => {
    const before = encryption.encrypt('texto', 'c');
    const rotated = new FieldEncryption(configWith(`new:${key()},${oldKey}`));
    expect(rotated.decrypt(before, 'c')).toBe('texto');
    expect(rotated.isStale(before)).toBe(true);
    expect(rotated.isStale(rotated.encrypt('texto', 'c'))).toBe(false);
  });

  it('gives a stable blind index per column, different across columns and keys', () => {
    const blindKey = key();
    const a = new FieldEncryption(configWith(`k:${key()}`, blindKey));
    const b = new FieldEncryption(configWith(`k:${key()}`, blindKey));
    expect(a.blindIndex('5219161234567', 'persons.phone')).toBe(b.blindIndex('5219161234567', 'persons.phone'));
    expect(a.blindIndex('5219161234567', 'persons.phone')).not.toBe(a.blindIndex('5219161234567', 'other'));
    expect(new FieldEncryption(configWith(`k:${key()}`)).blindIndex('5219161234567', 'persons.phone')).not.toBe(
      a.blindIndex('5219161234567', 'persons.phone'),
    );
  });
});

describe('FieldEncryption tag length', () => {
  it('refuses a ciphertext whose authentication tag was shortened', () => {
    const encryption = new FieldEncryption(configWith(`k:${key()}`));
    const parts = encryption.encrypt('texto', 'c').split('.');
    parts[3] = Buffer.from(parts[3], 'base64url').subarray(0, 4).toString('base64url');
    expect(() => encryption.decrypt(parts.join('.'), 'c')).toThrow('bad authentication tag');
  });
});
