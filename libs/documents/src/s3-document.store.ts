import { Readable } from 'node:stream';

import type { DocumentS3Config } from '@albergue/platform';
import type { S3Client } from '@aws-sdk/client-s3';

import type { DocumentContentStore } from './document-content.store';

// The AWS SDK is loaded only by a process that uses an S3 store: it costs about 20 MB of memory.
/* eslint-disable @typescript-eslint/no-require-imports */
const s3Sdk = () => require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
const storageSdk = () => require('@aws-sdk/lib-storage') as typeof import('@aws-sdk/lib-storage');
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Encrypted contents in an S3-compatible object store (MinIO, Garage, AWS), for networks whose
 * files outgrow their database. Uploads are streamed as multipart uploads of 5 MB parts (at most
 * two in memory); the store only ever holds ciphertext, and the key stays in Postgres.
 */
export class S3DocumentStore implements DocumentContentStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly config: DocumentS3Config) {
    const { S3Client } = s3Sdk();
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
    const { Upload } = storageSdk();
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
    const { GetObjectCommand } = s3Sdk();
    return Readable.from(
      (async function* body() {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey! }));
        for await (const chunk of answer.Body as Readable) yield chunk as Buffer;
      })(),
      { objectMode: false },
    );
  }

  async destroy(_manager: unknown, _documentId: string, objectKey: string | null): Promise<void> {
    const { DeleteObjectCommand } = s3Sdk();
    if (objectKey) await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: objectKey }));
  }

  close(): void {
    this.client.destroy();
  }
}
