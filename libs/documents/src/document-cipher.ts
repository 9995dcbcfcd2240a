import { createCipheriv, createDecipheriv, createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

/** Plaintext bytes per frame: small enough to stream, large enough that the 28 bytes of framing do not matter. */
export const FRAME_PLAINTEXT_BYTES = 64 * 1024;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const FRAME_OVERHEAD = NONCE_BYTES + TAG_BYTES;
const FRAME_BYTES = FRAME_PLAINTEXT_BYTES + FRAME_OVERHEAD;
const CONTEXT = Buffer.from('albergue.document.v1\u0000');

/**
 * Cuts a stream into frames of `size` bytes without copying what arrives whole: only a frame that
 * straddles two chunks is assembled. `emit` gets every full frame once more bytes are known to
 * follow it (the last one is flagged final by the caller's flush, with `rest()`).
 */
class Framer {
  private held: Buffer[] = [];
  private heldBytes = 0;

  constructor(private readonly size: number) {}

  /** Takes a chunk; calls `emit` for each frame known not to be the last one. */
  push(chunk: Buffer, emit: (frame: Buffer) => void): void {
    let offset = 0;
    if (this.heldBytes > 0) {
      // Complete the held frame from the chunk's start; it goes out only once a byte follows it.
      const take = Math.min(this.size - this.heldBytes, chunk.length);
      this.held.push(chunk.subarray(0, take));
      this.heldBytes += take;
      offset = take;
      if (this.heldBytes < this.size || offset === chunk.length) return;
      emit(Buffer.concat(this.held, this.size));
      this.held = [];
      this.heldBytes = 0;
    }
    while (chunk.length - offset > this.size) {
      emit(chunk.subarray(offset, offset + this.size));
      offset += this.size;
    }
    if (offset < chunk.length) {
      this.held = [chunk.subarray(offset)];
      this.heldBytes = chunk.length - offset;
    }
  }

  /** What is held at the end: the last frame (possibly empty). */
  rest(): Buffer {
    const last = Buffer.concat(this.held, this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
    return last;
  }
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
  private readonly framer = new Framer(FRAME_PLAINTEXT_BYTES);
  private index = 0;

  /** The file key, imported once: a raw Buffer would be imported again for every frame. */
  private readonly key: KeyObject;

  constructor(
    key: Buffer,
    private readonly documentId: string,
  ) {
    super();
    this.key = createSecretKey(key);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.framer.push(chunk, (plaintext) => this.push(this.frame(plaintext, false)));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.push(this.frame(this.framer.rest(), true));
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
  private readonly framer = new Framer(FRAME_BYTES);
  private index = 0;

  /** The file key, imported once: a raw Buffer would be imported again for every frame. */
  private readonly key: KeyObject;

  constructor(
    key: Buffer,
    private readonly documentId: string,
  ) {
    super();
    this.key = createSecretKey(key);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.framer.push(chunk, (frame) => this.push(this.open(frame, false)));
      callback();
    } catch {
      callback(new DocumentContentCorrupt(this.documentId));
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.push(this.open(this.framer.rest(), true));
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
