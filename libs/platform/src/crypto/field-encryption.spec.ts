import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';

import { Logger } from '@nestjs/common';

import { parseConfig } from '../config/app-config';
import { FieldEncryption, UnreadableCiphertext } from './field-encryption';

const key = (): string => randomBytes(32).toString('base64');
const configWith = (keys: string, blindIndexKey = key()) =>
  parseConfig({ TOKEN_SIGNING_KEY: key(), FIELD_ENCRYPTION_KEYS: keys, BLIND_INDEX_KEY: blindIndexKey });

/** A ciphertext as the first format wrote it: bound to the column's name only. */
function v1Ciphertext(keyId: string, keyBase64: string, plaintext: string, field: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyBase64, 'base64'), iv);
  cipher.setAAD(Buffer.from(field));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    keyId,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    data.toString('base64url'),
  ].join('.');
}

// A ciphertext that does not decrypt is logged as a warning; these tests cause many on purpose.
beforeAll(() => Logger.overrideLogger(false));

describe('FieldEncryption', () => {
  const oldSecret = key();
  const oldKey = `old:${oldSecret}`;
  const encryption = new FieldEncryption(configWith(oldKey));
  const row = randomUUID();

  it('round-trips text, with a fresh IV each time and the format and key id in the clear', () => {
    const first = encryption.encrypt('+52 916 123 4567', 'persons.phone', row);
    const second = encryption.encrypt('+52 916 123 4567', 'persons.phone', row);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^v2\.old\./);
    expect(first).not.toContain('4567');
    expect(encryption.decrypt(first, 'persons.phone', row)).toBe('+52 916 123 4567');
  });

  it('refuses a ciphertext moved to another column, or tampered with', () => {
    const ciphertext = encryption.encrypt('golpeado en el tren', 'incidents.narrative', row);
    expect(() => encryption.decrypt(ciphertext, 'incidents.witnesses_note', row)).toThrow(UnreadableCiphertext);
    const parts = ciphertext.split('.');
    parts[4] = Buffer.from('x' + Buffer.from(parts[4], 'base64url').toString('latin1'), 'latin1').toString('base64url');
    expect(() => encryption.decrypt(parts.join('.'), 'incidents.narrative', row)).toThrow(UnreadableCiphertext);
  });

  it('refuses a ciphertext copied to another row of the same column', () => {
    const ciphertext = encryption.encrypt('+50370123456', 'persons.phone', row);
    expect(() => encryption.decrypt(ciphertext, 'persons.phone', randomUUID())).toThrow(UnreadableCiphertext);
    expect(() => encryption.decrypt(ciphertext, 'persons.phone', row)).not.toThrow();
  });

  it('binds every part of a composite row key, in order', () => {
    const ciphertext = encryption.encrypt('{}', 'idempotency_keys.response', ['intake', 'u1', 'hash']);
    expect(encryption.decrypt(ciphertext, 'idempotency_keys.response', ['intake', 'u1', 'hash'])).toBe('{}');
    for (const other of [
      ['incidents', 'u1', 'hash'],
      ['intake', 'u2', 'hash'],
      ['intake', 'hash', 'u1'],
      ['intake', 'u1', 'hash2'],
      ['intake', 'u1hash'],
      ['u1', 'hash'],
      ['intake', 'u1', 'hash', ''],
    ]) {
      expect(() => encryption.decrypt(ciphertext, 'idempotency_keys.response', other)).toThrow(UnreadableCiphertext);
    }
  });

  it('refuses to encrypt without a row to bind to', () => {
    expect(() => encryption.encrypt('texto', 'persons.phone', '')).toThrow('no row id');
    expect(() => encryption.encrypt('texto', 'persons.phone', undefined as unknown as string)).toThrow('no row id');
  });

  it('still decrypts a v1 ciphertext, bound to its column only, and calls it stale', () => {
    const legacy = v1Ciphertext('old', oldSecret, 'Siguió en tren.', 'stays.checkout_note');
    expect(encryption.decrypt(legacy, 'stays.checkout_note', row)).toBe('Siguió en tren.');
    expect(encryption.decrypt(legacy, 'stays.checkout_note', randomUUID())).toBe('Siguió en tren.');
    expect(() => encryption.decrypt(legacy, 'stays.notes', row)).toThrow(UnreadableCiphertext);
    expect(encryption.isStale(legacy)).toBe(true);
    expect(encryption.isStale(encryption.encrypt('Siguió en tren.', 'stays.checkout_note', row))).toBe(false);
  });

  it('keeps decrypting old ciphertexts after a new key becomes active', () => {
    const before = encryption.encrypt('texto', 'c', row);
    const rotated = new FieldEncryption(configWith(`new:${key()},${oldKey}`));
    expect(rotated.decrypt(before, 'c', row)).toBe('texto');
    expect(rotated.isStale(before)).toBe(true);
    expect(rotated.isStale(rotated.encrypt('texto', 'c', row))).toBe(false);
  });

  it('names the field, and never the value, when a ciphertext does not decrypt', () => {
    const stranger = new FieldEncryption(configWith(`other:${key()}`));
    const ciphertext = encryption.encrypt('+50370123456', 'persons.phone', row);
    expect(() => stranger.decrypt(ciphertext, 'persons.phone', row)).toThrow('cannot decrypt persons.phone');
    expect(() => encryption.decrypt('garbage', 'persons.phone', row)).toThrow(UnreadableCiphertext);
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
    const parts = encryption.encrypt('texto', 'c', 'r').split('.');
    parts[3] = Buffer.from(parts[3], 'base64url').subarray(0, 4).toString('base64url');
    expect(() => encryption.decrypt(parts.join('.'), 'c', 'r')).toThrow(UnreadableCiphertext);
  });
});
