import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

/** Plaintext bytes per frame: small enough to stream, large enough that the 28 bytes of framing do not matter. */
export const FRAME_PLAINTEXT_BYTES = 64 * 1024;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const FRAME_OVERHEAD = NONCE_BYTES + TAG_BYTES;
const FRAME_BYTES = FRAME_PLAINTEXT_BYTES + FRAME_OVERHEAD;
const CONTEXT = Buffer.from('albergue.document.v1\u0000');

/** What was held back, then the new chunk, as one buffer: copied only when something was held back. */
function joined(pending: Buffer[], chunk: Buffer): Buffer {
  const held = pending.filter((part) => part.length > 0);
  return held.length === 0 ? chunk : Buffer.concat([...held, chunk]);
}

/** A file's random AES-256-GCM key, made once per file; stored only wrapped by field encryption. */
export function newFileKey(): Buffer {
  return randomBytes(32);
}

/**
 * What each frame's tag authenticates besides its bytes: the document, the frame's index and
 * whether it is the last one. Frames moved, dropped, repeated, copied from another document or
 * cut off after any frame but the real last one fail to decrypt.
 */
function frameAad(documentId: string, index: number, final: boolean): Buffer {
  const position = Buffer.alloc(9);
  position.writeBigUInt64BE(BigInt(index));
  position.writeUInt8(final ? 1 : 0, 8);
  return Buffer.concat([CONTEXT, Buffer.from(documentId), position]);
}

/**
 * Encrypts a stream as frames `nonce(12) | ciphertext | tag(16)` of FRAME_PLAINTEXT_BYTES each
 * (the last one shorter, possibly empty), every frame under the file key with a random nonce.
 * Holds one frame at most in memory.
 */
export class DocumentEncryptStream extends Transform {
  private pending: Buffer[] = [];
  private index = 0;

  constructor(
    private readonly key: Buffer,
    private readonly documentId: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const buffer = joined(this.pending, chunk);
    let offset = 0;
    // A frame goes out only once more bytes are known to follow it: the last one is flagged final.
    while (buffer.length - offset > FRAME_PLAINTEXT_BYTES) {
      this.push(this.frame(buffer.subarray(offset, offset + FRAME_PLAINTEXT_BYTES), false));
      offset += FRAME_PLAINTEXT_BYTES;
    }
    this.pending = [buffer.subarray(offset)];
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.push(this.frame(Buffer.concat(this.pending), true));
    this.pending = [];
    callback();
  }

  private frame(plaintext: Buffer, final: boolean): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(frameAad(this.documentId, this.index++, final));
    return Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  }
}

/** A stored content that does not decrypt: altered, truncated, reordered or not this document's. */
export class DocumentContentCorrupt extends Error {
  constructor(readonly documentId: string) {
    super(`the stored content of document ${documentId} does not decrypt`);
    this.name = 'DocumentContentCorrupt';
  }
}

/** Decrypts what DocumentEncryptStream wrote; errors (DocumentContentCorrupt) on any tampering or truncation. */
export class DocumentDecryptStream extends Transform {
  private pending: Buffer[] = [];
  private index = 0;

  constructor(
    private readonly key: Buffer,
    private readonly documentId: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const buffer = joined(this.pending, chunk);
    let offset = 0;
    try {
      while (buffer.length - offset > FRAME_BYTES) {
        this.push(this.open(buffer.subarray(offset, offset + FRAME_BYTES), false));
        offset += FRAME_BYTES;
      }
      this.pending = [buffer.subarray(offset)];
      callback();
    } catch {
      callback(new DocumentContentCorrupt(this.documentId));
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.push(this.open(Buffer.concat(this.pending), true));
      callback();
    } catch {
      callback(new DocumentContentCorrupt(this.documentId));
    }
  }

  private open(frame: Buffer, final: boolean): Buffer {
    if (frame.length < FRAME_OVERHEAD) throw new Error('short frame');
    const decipher = createDecipheriv('aes-256-gcm', this.key, frame.subarray(0, NONCE_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(frameAad(this.documentId, this.index++, final));
    decipher.setAuthTag(frame.subarray(frame.length - TAG_BYTES));
    return Buffer.concat([decipher.update(frame.subarray(NONCE_BYTES, frame.length - TAG_BYTES)), decipher.final()]);
  }
}
