import { Readable } from 'node:stream';

import { fileTypeFromBuffer } from 'file-type';

/** The media types a document may have, as read from its first bytes (never its name or declared type). */
export const DOCUMENT_MEDIA_TYPES = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
} as const;
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[keyof typeof DOCUMENT_MEDIA_TYPES];

/** What file-type needs to recognize every type above (its own sample size). */
const HEAD_BYTES = 4100;

/**
 * Reads the first bytes of an upload, tells its type from them and gives back a stream of the
 * whole upload (the head, then the rest, still streamed). `mediaType` is null for anything but
 * the types above, whatever its name says.
 */
export async function sniffDocumentType(
  source: AsyncIterable<Buffer>,
): Promise<{ mediaType: DocumentMediaType | null; content: Readable }> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const first = Buffer.concat(head);
  const detected = headBytes === 0 ? undefined : await fileTypeFromBuffer(first);
  const ext = detected?.ext === 'heif' ? 'heic' : detected?.ext;
  const mediaType =
    ext && ext in DOCUMENT_MEDIA_TYPES ? DOCUMENT_MEDIA_TYPES[ext as keyof typeof DOCUMENT_MEDIA_TYPES] : null;
  const content = Readable.from(
    (async function* whole() {
      if (first.length > 0) yield first;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    })(),
    { objectMode: false },
  );
  return { mediaType, content };
}
