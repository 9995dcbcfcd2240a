import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

import {
  DocumentContentCorrupt,
  DocumentDecryptStream,
  DocumentEncryptStream,
  FRAME_OVERHEAD,
  FRAME_PLAINTEXT_BYTES,
  newFileKey,
} from './document-cipher';

const ID = '5b0c3b7e-6a43-4a8c-9d0e-1f2a3b4c5d6e';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Feeds `data` in uneven pieces, as a network does. */
function pieces(data: Buffer): Readable {
  const parts: Buffer[] = [];
  for (let offset = 0, size = 1; offset < data.length; offset += size, size = (size * 7 + 13) % 100_000) {
    parts.push(data.subarray(offset, offset + size));
  }
  return Readable.from(parts);
}

/** `data` in pieces of `size` bytes (the last one shorter). */
function split(data: Buffer, size: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += size) parts.push(data.subarray(offset, offset + size));
  return parts;
}

const encrypt = (key: Buffer, data: Buffer, id = ID) => collect(pieces(data).pipe(new DocumentEncryptStream(key, id)));
const decrypt = (key: Buffer, data: Buffer, id = ID) => collect(pieces(data).pipe(new DocumentDecryptStream(key, id)));

describe('document encryption (per-file key, authenticated frames)', () => {
  const key = newFileKey();

  it.each([0, 1, FRAME_PLAINTEXT_BYTES - 1, FRAME_PLAINTEXT_BYTES, FRAME_PLAINTEXT_BYTES * 3, 1_000_003])(
    'gives back %i bytes as they went in, in frames of 64 KiB plus 28',
    async (size) => {
      const plaintext = randomBytes(size);
      const encrypted = await encrypt(key, plaintext);
      const frames = Math.max(1, Math.ceil(size / FRAME_PLAINTEXT_BYTES));
      expect(encrypted.length).toBe(size + frames * FRAME_OVERHEAD);
      expect((await decrypt(key, encrypted)).equals(plaintext)).toBe(true);
    },
  );

  it.each([
    ['one piece', (data: Buffer) => [data]],
    ['pieces of exactly a frame', (data: Buffer) => split(data, FRAME_PLAINTEXT_BYTES)],
    ['pieces of exactly an encrypted frame', (data: Buffer) => split(data, FRAME_PLAINTEXT_BYTES + FRAME_OVERHEAD)],
    [
      'a byte at a frame edge, then the rest',
      (data: Buffer) => [data.subarray(0, FRAME_PLAINTEXT_BYTES + 1), data.subarray(FRAME_PLAINTEXT_BYTES + 1)],
    ],
  ])('reads and writes the same frames whether the bytes come in %s', async (_name, cut) => {
    const plaintext = randomBytes(FRAME_PLAINTEXT_BYTES * 3);
    const encrypted = await collect(Readable.from(cut(plaintext)).pipe(new DocumentEncryptStream(key, ID)));
    expect(encrypted.length).toBe(plaintext.length + 3 * FRAME_OVERHEAD);
    const decrypted = await collect(Readable.from(cut(encrypted)).pipe(new DocumentDecryptStream(key, ID)));
    expect(decrypted.equals(plaintext)).toBe(true);
  });

  it('refuses a content cut after a whole frame, a frame moved, dropped or altered, another document or key', async () => {
    const plaintext = randomBytes(FRAME_PLAINTEXT_BYTES * 3 + 10);
    const encrypted = await encrypt(key, plaintext);
    const frame = FRAME_PLAINTEXT_BYTES + FRAME_OVERHEAD;
    const [a, b, c, d] = [0, 1, 2, 3].map((index) => encrypted.subarray(index * frame, (index + 1) * frame));
    const altered = Buffer.from(encrypted);
    altered[100] ^= 1;
    for (const tampered of [
      Buffer.concat([a, b, c]),
      Buffer.concat([a, c, b, d]),
      Buffer.concat([a, c, d]),
      altered,
      encrypted.subarray(0, encrypted.length - 1),
    ]) {
      await expect(decrypt(key, tampered)).rejects.toBeInstanceOf(DocumentContentCorrupt);
    }
    await expect(decrypt(key, encrypted, '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(
      DocumentContentCorrupt,
    );
    await expect(decrypt(newFileKey(), encrypted)).rejects.toBeInstanceOf(DocumentContentCorrupt);
  });
});
