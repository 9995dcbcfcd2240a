import { spawn } from 'node:child_process';
import { Duplex, PassThrough } from 'node:stream';

import type { Sharp } from 'sharp';

import type { DocumentMediaType } from './document-type';

/** A photo with more pixels than this is refused: decoding it would take the API's memory (a 48 MP phone photo passes). */
export const MAX_IMAGE_PIXELS = 60_000_000;

/** An image that its decoder cannot read: truncated, corrupt, or not what its first bytes say. */
export class UnreadableImage extends Error {
  constructor(cause: unknown) {
    super('the image cannot be decoded', { cause });
    this.name = 'UnreadableImage';
  }
}

/**
 * A stream that takes an image and gives it back without any metadata (EXIF with its GPS
 * position and camera serials, XMP, IPTC, ICC, embedded thumbnails), turned upright first so that
 * losing the orientation tag changes nothing on screen. JPEG, PNG and WebP are decoded and
 * encoded again by sharp (libvips), which writes pixels only. HEIC, which sharp's prebuilt build
 * cannot decode, goes through ExifTool (exiftool-vendored.pl, run with the machine's perl, in a
 * process of its own) with `-all=`: EXIF, XMP and IPTC go, the pixels and the container's own
 * rotation stay. PDFs are stored as they come (null).
 */
export function metadataStripper(mediaType: DocumentMediaType): Duplex | null {
  switch (mediaType) {
    case 'image/jpeg':
      return decoder().rotate().jpeg({ quality: 92 });
    case 'image/png':
      return decoder().rotate().png();
    case 'image/webp':
      return decoder().rotate().webp({ quality: 92 });
    case 'image/heic':
      return exifToolStripper();
    default:
      return null;
  }
}

// sharp (libvips) is loaded with the first image, not at start-up: it costs about 25 MB of memory.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadSharp = () => require('sharp') as typeof import('sharp');

function decoder(): Sharp {
  return loadSharp()({ failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS, sequentialRead: true }).on('error', () => {
    // pipeline() reports the error; this only keeps an unhandled 'error' from crashing the process.
  });
}

/** `exiftool -all= -o - -`: the image in on stdin, the image without metadata out on stdout. */
function exifToolStripper(): Duplex {
  const child = spawn('perl', [require.resolve('exiftool-vendored.pl/bin/exiftool'), '-all=', '-o', '-', '-'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const output = new PassThrough();
  // The output ends only once ExifTool said it succeeded: a failure half-way must not look like a whole image.
  child.stdout.pipe(output, { end: false });
  child.on('close', (code) => {
    if (code === 0) output.end();
    else output.destroy(new UnreadableImage(new Error(`exiftool exited with ${code}`)));
  });
  child.on('error', (error) => output.destroy(new UnreadableImage(error)));
  const duplex = Duplex.from({ writable: child.stdin, readable: output });
  duplex.on('close', () => {
    if (child.exitCode === null) child.kill();
  });
  return duplex;
}
