/**
 * `npm run bench:documents`: FILES files of SIZE_MB each uploaded, then downloaded, through the
 * built API at CONNECTIONS connections, against writing and reading the same bytes with the same
 * encryption (a random key per file, 64 KiB authenticated frames) into the same store (Postgres
 * chunks) in-process, measured in the same run. Prints both throughputs, their ratio (target >=
 * 0.5) and the API's peak resident memory, sampled from /proc/<pid>/status every 50 ms during the
 * run (target < 300 MB: files are streamed, never whole in memory).
 *   FILES (200)  SIZE_MB (5)  CONNECTIONS (8)  BENCH_DOCUMENTS_DATABASE_URL
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Agent, IncomingMessage, request as httpCall } from 'node:http';
import { Readable } from 'node:stream';

import * as argon2 from 'argon2';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { DocumentDecryptStream, DocumentEncryptStream, newFileKey } from '../libs/documents/src/document-cipher';
import { PostgresDocumentStore } from '../libs/documents/src/document-content.store';
import { person } from '../test/factories/intake.factory';
import { freePort } from '../test/support/private-redis';
import { multipartBody } from '../test/support/multipart';
import { benchEnvironment, memoryOfProcess, removeRedisKeys, startApi } from './support/api-process';
import { dropBenchDatabase, freshBenchDatabase } from './support/bench-database';

const DATABASE_URL =
  process.env.BENCH_DOCUMENTS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/albergue_bench_documents';
const FILES = Number(process.env.FILES ?? 200);
const SIZE_MB = Number(process.env.SIZE_MB ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 8);
const PASSWORD = 'benchmark password, not for production';
const TARGETS = { ratio: 0.5, peakRssMb: 300 };
/** One kept-alive connection per lane, as a browser keeps its connections. */
const KEEP_ALIVE = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });

const log = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => bytes / 1024 / 1024;

/** A PDF-headed file of SIZE_MB random bytes (random: neither TOAST nor anything else can compress it). */
function fileOf(index: number): Buffer {
  const header = Buffer.from(`%PDF-1.7\n% bench file ${index}\n`);
  return Buffer.concat([header, randomBytes(SIZE_MB * 1024 * 1024 - header.length)]);
}

/** Runs `work(i)` for i in 0..count-1 on `connections` parallel lanes; answers the seconds it took. */
async function lanes(count: number, connections: number, work: (index: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let index = next++; index < count; index = next++) await work(index);
    }),
  );
  return (performance.now() - started) / 1000;
}

/** Hashes (and counts, and with `keep` keeps) what a stream gives. */
async function drain(
  stream: AsyncIterable<unknown>,
  keep = false,
): Promise<{ bytes: number; sha256: string; text: string }> {
  const hash = createHash('sha256');
  const kept: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    if (keep) kept.push(chunk as Buffer);
  }
  return { bytes, sha256: hash.digest('hex'), text: Buffer.concat(kept).toString('utf8') };
}

/** One request with node:http, whose response is a Node stream (fetch's web stream costs the client more CPU per chunk). */
function httpRequest(
  url: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: Buffer,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = httpCall(url, { method, headers, agent: KEEP_ALIVE }, resolve);
    request.on('error', reject);
    request.end(body);
  });
}

async function main(): Promise<void> {
  log(`bench:documents: ${FILES} files of ${SIZE_MB} MB, ${CONNECTIONS} connections`);
  await freshBenchDatabase(DATABASE_URL);
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  await db.query(
    `INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, 'bench@albergue.example', 'Bench', 'admin', $2)`,
    [randomUUID(), await argon2.hash(PASSWORD, { type: argon2.argon2id })],
  );
  const files = Array.from({ length: Math.min(FILES, 8) }, (_, index) => fileOf(index));
  const fileFor = (index: number) => files[index % files.length];
  const totalMb = FILES * SIZE_MB;

  // The baseline: the same encryption into the same store, in this process, through a pool as large as the API's.
  const dataSource = new DataSource({ type: 'postgres', url: DATABASE_URL, extra: { max: CONNECTIONS + 2 } });
  await dataSource.initialize();
  const store = new PostgresDocumentStore(dataSource);
  const baselineIds: { id: string; key: Buffer }[] = [];
  const baselineUpload = await lanes(FILES, CONNECTIONS, async (index) => {
    const id = randomUUID();
    const key = newFileKey();
    await dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO documents (id, owner_type, owner_id, kind, media_type, byte_size, sha256, store, created_by)
         VALUES ($1, 'person', $1, 'other', 'application/pdf', 0, '', 'postgres', $1)`,
        [id],
      );
      const hash = createHash('sha256');
      const source = Readable.from([fileFor(index)]).on('data', (chunk: Buffer) => hash.update(chunk));
      await store.write(manager, id, source.pipe(new DocumentEncryptStream(key, id)));
      await manager.query('UPDATE documents SET byte_size = $2, sha256 = $3 WHERE id = $1', [
        id,
        fileFor(index).length,
        hash.digest('hex'),
      ]);
    });
    baselineIds[index] = { id, key };
  });
  const baselineDownload = await lanes(FILES, CONNECTIONS, async (index) => {
    const { id, key } = baselineIds[index];
    const { bytes } = await drain(store.read(id).pipe(new DocumentDecryptStream(key, id)));
    if (bytes !== fileFor(index).length) throw new Error('baseline read back a different size');
  });
  await dataSource.destroy();
  await db.query('TRUNCATE document_chunks, documents');

  const env = benchEnvironment(DATABASE_URL);
  // API_NODE_OPTIONS (e.g. --max-old-space-size=128) shows how much of the peak is garbage V8 has not collected.
  const apiOptions = process.env.API_NODE_OPTIONS;
  const api = await startApi(DATABASE_URL, await freePort(), {
    ...env,
    DOCUMENT_MAX_BYTES: String(SIZE_MB * 1024 * 1024 + 1024),
    ...(apiOptions ? { NODE_OPTIONS: apiOptions } : {}),
  });
  const pid = api.process.pid!;
  let peakRss = memoryOfProcess(pid, 'VmRSS');
  const startRss = peakRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, memoryOfProcess(pid, 'VmRSS'));
  }, 50);
  let uploadPeak: number;
  let apiUpload: number;
  let apiDownload: number;
  try {
    const login = (await fetch(`${api.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@albergue.example', password: PASSWORD }),
    }).then((r) => r.json())) as { accessToken: string };
    const authorization = `Bearer ${login.accessToken}`;
    const shelter = await fetch(`${api.baseUrl}/shelters`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench', code: 'BEN', state: 'Chiapas', municipality: 'Palenque', capacity: 100 }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    const created = await fetch(`${api.baseUrl}/persons`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(person()),
    });
    if (!created.ok) throw new Error(`person: ${created.status} ${await created.text()}`);
    const ownerId = ((await created.json()) as { id: string }).id;
    void shelter;
    const ids: string[] = [];
    // The bodies are made before the clock starts, as the baseline's files are: the client's own work is not measured.
    const bodies = files.map((data, index) =>
      multipartBody(
        { ownerType: 'person', ownerId, kind: 'other' },
        { filename: `bench-${index}.pdf`, contentType: 'application/pdf', data },
      ),
    );
    apiUpload = await lanes(FILES, CONNECTIONS, async (index) => {
      const { payload, headers } = bodies[index % bodies.length];
      const response = await httpRequest(`${api.baseUrl}/documents`, 'POST', { authorization, ...headers }, payload);
      const text = (await drain(response, true)).text;
      if (response.statusCode !== 201) throw new Error(`upload ${index}: ${response.statusCode} ${text}`);
      ids[index] = (JSON.parse(text) as { id: string }).id;
    });
    uploadPeak = peakRss;
    const expected = files.map((file) => createHash('sha256').update(file).digest('hex'));
    apiDownload = await lanes(FILES, CONNECTIONS, async (index) => {
      const response = await httpRequest(`${api.baseUrl}/documents/${ids[index]}/content`, 'GET', { authorization });
      if (response.statusCode !== 200) throw new Error(`download ${index}: ${response.statusCode}`);
      const { sha256 } = await drain(response);
      if (sha256 !== expected[index % files.length]) throw new Error(`download ${index} differs from its upload`);
    });
  } finally {
    clearInterval(sampler);
    peakRss = Math.max(peakRss, memoryOfProcess(pid, 'VmHWM'));
    KEEP_ALIVE.destroy();
    await api.stop();
    await db.end();
    await removeRedisKeys(env);
    await dropBenchDatabase(DATABASE_URL);
  }

  const rate = (seconds: number) => totalMb / seconds;
  const ratio = (rate(apiUpload) + rate(apiDownload)) / (rate(baselineUpload) + rate(baselineDownload));
  const verdict = (pass: boolean) => (pass ? 'pass' : 'FAIL');
  log('');
  log('|                     | API (HTTP, 8 conn.) | in-process baseline | ratio |');
  log('| ------------------- | ------------------- | ------------------- | ----- |');
  log(
    `| upload   (MB/s)     | ${rate(apiUpload).toFixed(1).padStart(19)} | ${rate(baselineUpload).toFixed(1).padStart(19)} | ${(rate(apiUpload) / rate(baselineUpload)).toFixed(2).padStart(5)} |`,
  );
  log(
    `| download (MB/s)     | ${rate(apiDownload).toFixed(1).padStart(19)} | ${rate(baselineDownload).toFixed(1).padStart(19)} | ${(rate(apiDownload) / rate(baselineDownload)).toFixed(2).padStart(5)} |`,
  );
  log('');
  log(
    `ratio, upload and download together: ${ratio.toFixed(2)} (target >= ${TARGETS.ratio}) ${verdict(ratio >= TARGETS.ratio)}`,
  );
  log(
    `API peak RSS: ${mb(peakRss).toFixed(0)} MB (at start ${mb(startRss).toFixed(0)} MB, by the end of the uploads ${mb(uploadPeak).toFixed(0)} MB; target < ${TARGETS.peakRssMb} MB) ${verdict(mb(peakRss) < TARGETS.peakRssMb)}`,
  );
  if (ratio < TARGETS.ratio || mb(peakRss) >= TARGETS.peakRssMb) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
