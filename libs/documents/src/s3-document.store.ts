import { Readable } from 'node:stream';

import type { DocumentS3Config } from '@albergue/platform';
import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

import type { DocumentContentStore } from './document-content.store';

/**
 * Encrypted contents in an S3-compatible object store (MinIO, Garage, AWS), for networks whose
 * files outgrow their database. Uploads are streamed as multipart uploads of 5 MB parts (at most
 * two in memory); the store only ever holds ciphertext, and the key stays in Postgres.
 */
export class S3DocumentStore implements DocumentContentStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly config: DocumentS3Config) {
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      // Checksums only where S3 requires them: the default (CRC32 trailers in aws-chunked bodies)
      // is not understood by every S3-compatible store, and the content is authenticated anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      credentials:
        config.accessKeyId && config.secretAccessKey
          ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
          : undefined,
    });
  }

  async write(_manager: unknown, documentId: string, encrypted: Readable): Promise<{ objectKey: string }> {
    const objectKey = `documents/${documentId}`;
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.config.bucket,
        Key: objectKey,
        Body: encrypted,
        ContentType: 'application/octet-stream',
      },
      queueSize: 2,
      partSize: 5 * 1024 * 1024,
      leavePartsOnError: false,
    });
    await upload.done();
    return { objectKey };
  }

  read(_documentId: string, objectKey: string | null): Readable {
    const client = this.client;
    const bucket = this.config.bucket;
    return Readable.from(
      (async function* body() {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey! }));
        for await (const chunk of answer.Body as Readable) yield chunk as Buffer;
      })(),
      { objectMode: false },
    );
  }

  async destroy(_manager: unknown, _documentId: string, objectKey: string | null): Promise<void> {
    if (objectKey) await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: objectKey }));
  }

  close(): void {
    this.client.destroy();
  }
}
