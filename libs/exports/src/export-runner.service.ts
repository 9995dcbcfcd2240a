import { createHash } from 'node:crypto';

import { DisclosableAct, ExportRecipient, IncidentExportSource } from '@albergue/incidents';
import { CHUNK_ROW_BYTES, describeError, FieldEncryption, sanitizedErrorMessage } from '@albergue/platform';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createMessage, encrypt, Key, readKey } from 'openpgp';
import { DataSource } from 'typeorm';

import { writeAggregate } from './aggregate-writer';
import { ExportEntity } from './export.entity';
import { ExportFailure, ExportFailureCode } from './exports.errors';
import { DisclosureControl, IncidentRecordsWriter } from './incident-records-writer';
import { PartnerEntity } from './partner.entity';
import { PSEUDONYM_KEY_COLUMN } from './partner-encrypted-columns';
import { WebhookDeliveryService } from './webhook-delivery.service';

/**
 * The ids of a batch as one array literal: UUIDs need neither quotes nor escapes, and pg's quoting
 * of each element of a JavaScript array was a twentieth of the worker's time in a large export.
 */
const uuidArray = (batch: DisclosedAct[], id: 'incidentId' | 'actId'): string =>
  `{${batch.map((act) => act[id]).join(',')}}`;

/** What the disclosure log and its control read of an act, whichever way it was read. */
type DisclosedAct = Pick<DisclosableAct, 'incidentId' | 'actId' | 'disclosure'>;

/** One export's run, as each batch written needs it: its row, writer, incidents counted and disclosure control. */
interface ExportRun {
  entity: ExportEntity;
  writer: IncidentRecordsWriter;
  counting: Promise<number>;
  control: DisclosureControl;
}

export type ExportRunOutcome = 'completed' | 'already_completed' | 'not_found';

/**
 * Builds an export in the worker: rows streamed by COPY, written in the dataset's format, encrypted
 * as a stream to the partner's key, stored in Postgres with the sha256 of the encrypted file.
 * Safe to run again: a completed export is left alone, an unfinished one starts over clean.
 */
@Injectable()
export class ExportRunner {
  private readonly logger = new Logger(ExportRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly source: IncidentExportSource,
    private readonly encryption: FieldEncryption,
    private readonly deliveries: WebhookDeliveryService,
  ) {}

  async run(exportId: string): Promise<ExportRunOutcome> {
    const claimed = await this.claim(exportId);
    if (claimed === 'already_completed') await this.deliveries.schedule(exportId);
    if (claimed !== 'claimed') return claimed;
    const entity = (await this.dataSource.getRepository(ExportEntity).findOneBy({ id: exportId }))!;
    const partner = await this.dataSource.getRepository(PartnerEntity).findOneByOrFail({ id: entity.partnerId });
    const recipient: ExportRecipient = {
      keys: [partner.id, partner.organizationId].filter((key): key is string => Boolean(key)),
      from: entity.from,
      to: entity.to,
      sexualViolenceRecords: partner.sexualViolenceRecords,
      minCellSize: partner.minCellSize,
    };
    let rowCount = 0;
    let control: DisclosureControl | null = null;
    const plaintext = this.plaintext(entity, partner, recipient, (rows, done) => {
      rowCount = rows;
      control = done ?? null;
    });
    const { sha256, sizeBytes } = await this.encryptAndStore(entity.id, partner.pgpPublicKey, plaintext);
    const { k = null, generalizedValues = null, suppressedRows = null } = (control ?? {}) as Partial<DisclosureControl>;
    await this.dataSource.query(
      `UPDATE exports SET status = 'completed', progress = 100, row_count = $2, sha256 = $3, size_bytes = $4,
              anonymity_k = $5, generalized_values = $6, suppressed_rows = $7,
              error_code = NULL, completed_at = now() WHERE id = $1`,
      [entity.id, rowCount, sha256, sizeBytes, k, generalizedValues, suppressedRows],
    );
    // A retry after a failure here finds the export completed and schedules it again (see above).
    await this.deliveries.schedule(exportId);
    return 'completed';
  }

  /**
   * Records why an attempt failed as a stable code (what partners read); the error itself goes to
   * the log only, described without its values. `final` when no retry follows.
   */
  async fail(exportId: string, error: unknown, final: boolean): Promise<ExportFailureCode> {
    const code = error instanceof ExportFailure ? error.code : 'internal';
    const cause = error instanceof ExportFailure && error.cause !== undefined ? error.cause : error;
    this.logger.warn(
      { exportId, code, final, err: { ...describeError(cause), message: sanitizedErrorMessage(cause) } },
      'export attempt failed',
    );
    await this.dataSource.query(
      `UPDATE exports SET status = $2, error_code = $3 WHERE id = $1 AND status <> 'completed'`,
      [exportId, final ? 'failed' : 'queued', code],
    );
    return code;
  }

  /** Marks the export running and clears what an interrupted attempt left, in one transaction. */
  private claim(exportId: string): Promise<'claimed' | 'already_completed' | 'not_found'> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query('SELECT status FROM exports WHERE id = $1 FOR UPDATE', [exportId])) as {
        status: string;
      }[];
      if (!row) return 'not_found';
      if (row.status === 'completed') return 'already_completed';
      await manager.query('DELETE FROM export_file_chunks WHERE export_id = $1', [exportId]);
      await manager.query('DELETE FROM export_disclosure_batches WHERE export_id = $1', [exportId]);
      await manager.query(
        `UPDATE exports SET status = 'running', progress = 0, attempts = attempts + 1, error_code = NULL WHERE id = $1`,
        [exportId],
      );
      return 'claimed';
    });
  }

  private async *plaintext(
    entity: ExportEntity,
    partner: PartnerEntity,
    recipient: ExportRecipient,
    reportRows: (rows: number, control?: DisclosureControl) => void,
  ): AsyncGenerator<string> {
    if (entity.dataset === 'incidents_aggregate') {
      const aggregate = writeAggregate(
        await this.source.aggregateCounts(recipient),
        entity.format,
        partner.minCellSize,
      );
      reportRows(aggregate.rowCount);
      yield aggregate.content;
      return;
    }
    const level = entity.dataset === 'incidents_identified' ? 'identified' : 'deidentified';
    const partnerKey = Buffer.from(
      this.encryption.decrypt(partner.pseudonymKeyCiphertext, PSEUDONYM_KEY_COLUMN, partner.id),
      'base64',
    );
    const writer = new IncidentRecordsWriter(entity.format, partnerKey, level);
    // Counted for the progress only, on another connection while Postgres computes the acts' first
    // row (all of the k-anonymous select comes before it): the worker waits on it anyway.
    const counting = this.source.countDisclosableIncidents(recipient, level);
    // Awaited with the first batch; this only keeps a failure from counting as unhandled meanwhile.
    counting.catch(() => undefined);
    const control: DisclosureControl = { k: partner.minCellSize, generalizedValues: 0, suppressedRows: 0 };
    yield writer.header();
    // CSV lines of a de-identified export are made by Postgres but for their pseudonyms; the other
    // formats and levels write each act in the worker.
    const textSql = writer.textSql();
    const run: ExportRun = { entity, writer, counting, control };
    const rows = textSql
      ? yield* this.writtenBatches(run, this.source.disclosableActTexts(recipient, textSql), (act) =>
          writer.rowOfText(act),
        )
      : yield* this.writtenBatches(run, this.source.disclosableActs(recipient, level), (act) => writer.row(act));
    const controlled = level === 'deidentified' ? control : undefined;
    yield writer.footer(controlled);
    reportRows(rows, controlled);
  }

  /**
   * The text of each batch of acts read, written by `write`, with the disclosure control counted
   * in `control`; returns the rows written. The disclosure log of one batch is written while the
   * next batch is read and encrypted: at most one write in flight, awaited before the next, and
   * before the file is complete.
   */
  private async *writtenBatches<A extends DisclosedAct>(
    { entity, writer, counting, control }: ExportRun,
    reads: AsyncIterable<A[]>,
    write: (act: A) => string,
  ): AsyncGenerator<string, number> {
    let rows = 0;
    let logging: Promise<void> = Promise.resolve();
    let batchNo = 0;
    for await (const read of reads) {
      // Suppressed rows are neither written nor logged as disclosed: they never leave.
      const batch = read.filter((act) => !act.disclosure.suppressed);
      control.suppressedRows += read.length - batch.length;
      for (const act of batch) control.generalizedValues += act.disclosure.generalizedValues;
      const text = batch.map(write).join('');
      rows += batch.length;
      const total = await counting;
      await logging;
      // The ids, not the acts: the batch is garbage once written, while its log is being stored.
      logging = this.recordDisclosures(
        entity,
        batchNo++,
        uuidArray(batch, 'incidentId'),
        uuidArray(batch, 'actId'),
        Math.min(99, Math.floor((writer.incidentsWritten * 100) / Math.max(total, 1))),
      );
      // Handled when awaited; this only keeps a failure from counting as unhandled meanwhile.
      logging.catch(() => undefined);
      yield text;
    }
    await logging;
    return rows;
  }

  /**
   * Logs which acts of a batch went out, as one row, and the progress so far, in one statement. A
   * batch whose acts were all suppressed logs nothing. The (export, batch) key keeps a replayed
   * batch from being logged twice.
   */
  private async recordDisclosures(
    entity: ExportEntity,
    batchNo: number,
    incidentIds: string,
    actIds: string,
    progress: number,
  ): Promise<void> {
    await this.dataSource.query(
      `WITH logged AS (
         INSERT INTO export_disclosure_batches (export_id, batch_no, partner_id, incident_ids, act_ids)
         SELECT $1, $2, $3, $4::uuid[], $5::uuid[] WHERE cardinality($5::uuid[]) > 0
         ON CONFLICT (export_id, batch_no) DO NOTHING)
       UPDATE exports SET progress = $6 WHERE id = $1`,
      [entity.id, batchNo, entity.partnerId, incidentIds, actIds, progress],
    );
  }

  /** The partner's key, if it can still encrypt (it may have expired or been revoked since it was registered). */
  private async encryptionKeyOf(armoredKey: string): Promise<Key> {
    try {
      const key = await readKey({ armoredKey });
      await key.getEncryptionKey();
      return key;
    } catch (cause) {
      throw new ExportFailure('partner_key_unusable', { cause });
    }
  }

  private async encryptAndStore(
    exportId: string,
    armoredKey: string,
    plaintext: AsyncIterable<string>,
  ): Promise<{ sha256: string; sizeBytes: number }> {
    const encoder = new TextEncoder();
    const input = ReadableStream.from(
      (async function* () {
        for await (const text of plaintext) if (text) yield encoder.encode(text);
      })(),
    );
    const encrypted = await encrypt({
      message: await createMessage({ binary: input }),
      encryptionKeys: await this.encryptionKeyOf(armoredKey),
      format: 'binary',
    });
    const hash = createHash('sha256');
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let sizeBytes = 0;
    let seq = 0;
    // One chunk is stored while the next is encrypted: at most one insert in flight.
    let storing: Promise<unknown> = Promise.resolve();
    const flush = async (): Promise<void> => {
      if (pendingBytes === 0) return;
      const data = Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      await storing;
      storing = this.dataSource.query('INSERT INTO export_file_chunks (export_id, seq, data) VALUES ($1, $2, $3)', [
        exportId,
        seq++,
        data,
      ]);
      storing.catch(() => undefined);
    };
    for await (const piece of encrypted as unknown as AsyncIterable<Uint8Array>) {
      const buffer = Buffer.from(piece);
      hash.update(buffer);
      pending.push(buffer);
      pendingBytes += buffer.length;
      sizeBytes += buffer.length;
      if (pendingBytes >= CHUNK_ROW_BYTES) await flush();
    }
    await flush();
    await storing;
    return { sha256: hash.digest('hex'), sizeBytes };
  }
}
