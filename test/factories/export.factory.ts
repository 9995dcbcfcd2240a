import { createHmac } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';

import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createMessage, decrypt, generateKey, readMessage, readPrivateKey } from 'openpgp';

import { LoggedIn } from './user.factory';

export interface PartnerKeys {
  publicKey: string;
  privateKey: string;
}

/** An OpenPGP key pair of a partner, made in the test (curve25519: fast). */
export async function partnerKeys(options: { date?: Date; keyExpirationTime?: number } = {}): Promise<PartnerKeys> {
  const { publicKey, privateKey } = await generateKey({
    type: 'curve25519',
    userIDs: [{ name: 'Partner Test', email: 'exports@partner.example' }],
    format: 'armored',
    ...options,
  });
  return { publicKey, privateKey };
}

export const partnerPayload = (publicKey: string, overrides: Record<string, unknown> = {}) => ({
  name: 'Observatorio de Prueba',
  pgpPublicKey: publicKey,
  agreement: { datasets: ['incidents_deidentified', 'incidents_aggregate'] },
  ...overrides,
});

export async function postPartner(app: NestFastifyApplication, admin: LoggedIn, payload: object) {
  return app.inject({ method: 'POST', url: '/api/v1/partners', headers: admin.headers, payload });
}

export async function createPartner(
  app: NestFastifyApplication,
  admin: LoggedIn,
  payload: object,
): Promise<{ id: string; webhookSecret: string }> {
  const response = await postPartner(app, admin, payload);
  if (response.statusCode !== 201) throw new Error(`partner not created: ${response.body}`);
  return response.json();
}

/** An export request of aggregate counts for the first half of 2026. */
export const exportPayload = (partnerId: string, overrides: Record<string, unknown> = {}) => ({
  partnerId,
  dataset: 'incidents_aggregate',
  format: 'csv',
  from: '2026-01-01',
  to: '2026-06-30',
  ...overrides,
});

export async function requestExport(app: NestFastifyApplication, admin: LoggedIn, payload: object) {
  return app.inject({ method: 'POST', url: '/api/v1/exports', headers: admin.headers, payload });
}

/**
 * Sets a partner's minimum cell size, below what the API accepts if need be, in the test's own
 * database: tests of consent and formats read record-level files of small worlds at k = 1, where
 * k-anonymity (tested in k-anonymity.e2e-spec) leaves every row as it is.
 */
export async function setMinCellSize(db: DataSource, partnerId: string, minCellSize: number): Promise<void> {
  await db.query('ALTER TABLE partners DROP CONSTRAINT IF EXISTS partners_min_cell_size_check');
  await db.query('UPDATE partners SET min_cell_size = $2 WHERE id = $1', [partnerId, minCellSize]);
}

/** Polls GET /exports/:id until it completes or fails. */
export async function waitForExport(app: NestFastifyApplication, as: LoggedIn, id: string, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = (await app.inject({ method: 'GET', url: `/api/v1/exports/${id}`, headers: as.headers })).json();
    if (body.status === 'completed' || body.status === 'failed') return body;
    if (Date.now() > deadline) throw new Error(`export ${id} still ${body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function decryptFile(file: Buffer, privateKey: string): Promise<string> {
  const message = await readMessage({ binaryMessage: new Uint8Array(file) });
  // As binary: the utf8 format would turn the CSV's CRLF line ends into LF.
  const { data } = await decrypt({
    message,
    decryptionKeys: await readPrivateKey({ armoredKey: privateKey }),
    format: 'binary',
  });
  return Buffer.from(data).toString('utf8');
}

/** An OpenPGP message that is not a key at all, for validation tests. */
export async function notAKey(): Promise<string> {
  return (await createMessage({ text: 'no soy una clave' })).armor();
}

/** Verifies a Standard Webhooks signature as a partner would, from the secret it was given. */
export function verifies(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`)
    .digest('base64');
  return String(headers['webhook-signature'])
    .split(' ')
    .some((signature) => signature === `v1,${expected}`);
}
