import { CursorField, decodeCursor, encodeCursor } from './pagination';

const UUID = '3f2b8c1e-5d4a-4b6f-9e7d-2c1a0b9f8e7d';
const forged = (raw: string): string => Buffer.from(raw).toString('base64url');

describe('decodeCursor', () => {
  it.each<[CursorField, string | number]>([
    ['offset', 0],
    ['offset', 500],
    ['uuid', UUID],
    ['date', '2024-02-29'],
    ['timestamp', '2026-03-14T22:10:00.123Z'],
    ['timestamp', '2026-03-14T22:10:00-06:00'],
    ['pgTimestamp', '2026-03-14 22:10:00.123456+00'],
    ['bigintId', '9223372036854775807'],
    ['email', 'coordinadora@albergue.example'],
  ])('reads back a %s cursor it gave out (%s)', (field, value) => {
    expect(decodeCursor(encodeCursor([value]), [field])).toEqual([value]);
  });

  it.each<[CursorField, string]>([
    ['offset', '[1e400]'],
    ['offset', '[-1]'],
    ['offset', '[1.5]'],
    ['offset', '[9007199254740993]'],
    ['offset', '["0"]'],
    ['offset', '[null]'],
    ['uuid', '["not-a-uuid"]'],
    ['uuid', '[1]'],
    ['date', '["2026-02-30"]'],
    ['date', '["0000-01-01"]'],
    ['date', '["2026-1-1"]'],
    ['timestamp', '["2026-03-14T24:00:00Z"]'],
    ['timestamp', '["2026-03-14T22:10:00"]'],
    ['timestamp', '["2026-02-30T22:10:00Z"]'],
    ['pgTimestamp', '["2026-03-14 22:61:00+00"]'],
    ['bigintId', '["9223372036854775808"]'],
    ['bigintId', '["0"]'],
    ['bigintId', '["1e3"]'],
    ['email', '["NaN"]'],
    ['email', '["a@b\\u0000"]'],
    ['email', `["${'x'.repeat(320)}@example.org"]`],
  ])('refuses a %s cursor decoding to %s with a 400 naming cursor', (field, raw) => {
    expect(() => decodeCursor(forged(raw), [field])).toThrow(
      expect.objectContaining({ code: 'validation_failed', errors: [expect.objectContaining({ field: 'cursor' })] }),
    );
  });

  it('refuses a cursor of another shape, or none at all', () => {
    for (const cursor of [forged('[]'), forged(`["${UUID}"]`), forged('{"0":1}'), forged('{{'), '!!!']) {
      expect(() => decodeCursor(cursor, ['uuid', 'uuid'])).toThrow('validation_failed');
    }
  });
});
