import { Readable } from 'node:stream';

import { copyTextRows, CopyTextField } from './copy-text-rows';

async function rowsOf(pieces: Buffer[]): Promise<CopyTextField[][]> {
  const rows: CopyTextField[][] = [];
  for await (const some of copyTextRows(Readable.from(pieces, { objectMode: true }))) rows.push(...some);
  return rows;
}

describe('copyTextRows', () => {
  const text = 'a\t\\N\tñandú\n\\\\x\tone\\ttab\tline\\nbreak\\r\n\t\t\n';
  const expected = [
    ['a', null, 'ñandú'],
    ['\\x', 'one\ttab', 'line\nbreak\r'],
    ['', '', ''],
  ];

  it('reads fields, nulls and escapes as COPY writes them', async () => {
    await expect(rowsOf([Buffer.from(text)])).resolves.toEqual(expected);
  });

  it('reads the same rows however the pieces are cut, inside a row or a UTF-8 character', async () => {
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      await expect(rowsOf([bytes.subarray(0, cut), bytes.subarray(cut)])).resolves.toEqual(expected);
    }
    const byteByByte = Array.from(bytes, (byte) => Buffer.from([byte]));
    await expect(rowsOf(byteByByte)).resolves.toEqual(expected);
  });

  it('refuses output that ends inside a row', async () => {
    await expect(rowsOf([Buffer.from('a\tb\nc\t')])).rejects.toThrow('COPY output ended inside a row');
  });
});
