import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// s3rver ships no types; what the tests use of it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
};

export interface TestS3Server {
  /** The S3_* environment that points the API at this server. */
  env: Record<string, string>;
  bucket: string;
  /** Every byte the server holds on disk, file by file (to search for contents in clear). */
  storedFiles(): Buffer[];
  /** How many objects the bucket holds (parts of unfinished multipart uploads included). */
  objectCount(): number;
  close(): Promise<void>;
}

/** An S3-protocol server (s3rver) on a random loopback port, with one empty bucket, its files in a temporary folder. */
export async function startS3Server(): Promise<TestS3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'albergue-s3-'));
  const bucket = 'albergue-documents';
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const walk = (folder: string): string[] =>
    readdirSync(folder).flatMap((name) => {
      const path = join(folder, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return {
    bucket,
    env: {
      DOCUMENT_STORE: 's3',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_REGION: 'us-east-1',
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    storedFiles: () => walk(directory).map((path) => readFileSync(path)),
    objectCount: () => walk(directory).filter((path) => /\._S3rver_object$|\buploads\b/.test(path)).length,
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
