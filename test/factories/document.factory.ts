import { NestFastifyApplication } from '@nestjs/platform-fastify';
import sharp from 'sharp';

import { multipartBody, MultipartFile } from '../support/multipart';
import { LoggedIn } from './user.factory';

/** A small but real PDF: what file-type recognizes, with a marker string inside when given. */
export function pdfBytes(marker = 'documento de prueba', padTo = 0): Buffer {
  const body = `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${marker}\n`;
  const pad = Math.max(0, padTo - body.length - 6);
  return Buffer.concat([Buffer.from(body), Buffer.alloc(pad, 0x20), Buffer.from('%%EOF\n')]);
}

/** A PNG of the given size (solid colour). */
export async function pngBytes(width = 32, height = 24): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .png()
    .toBuffer();
}

/**
 * A JPEG as a phone writes it: EXIF with a GPS position near the shelter, the camera's make and
 * serial, and an orientation that turns it upright (stored 40x20, shown 20x40).
 */
export async function phoneJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'CAMARAMARCA', Model: 'MODELO-X' },
      IFD2: { BodySerialNumber: 'SERIE-0042' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '17/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '91/1 59/1 0/1' },
    })
    .toBuffer();
}

export function uploadDocument(
  app: NestFastifyApplication,
  as: LoggedIn,
  fields: Record<string, string>,
  file: Partial<MultipartFile> & { data: Buffer },
) {
  const { payload, headers } = multipartBody(fields, {
    filename: 'archivo.pdf',
    contentType: 'application/pdf',
    ...file,
  });
  return app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...as.headers, ...headers }, payload });
}
