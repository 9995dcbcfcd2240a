import { createHash, randomUUID } from 'node:crypto';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream';

import { Actor, AuditService } from '@albergue/access';
import {
  APP_CONFIG,
  AppConfig,
  FieldEncryption,
  FieldError,
  isUuid,
  NotFoundError,
  PayloadTooLarge,
  RECORD_OWNER_TYPES,
  RecordOwnerRegistry,
  RecordOwnerType,
  RequestValidationError,
  defineVocabulary,
  VocabularyCodeOf,
} from '@albergue/platform';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { DocumentDecryptStream, DocumentEncryptStream, newFileKey } from './document-cipher';
import { DocumentContentStore, DocumentStoreKind, PostgresDocumentStore } from './document-content.store';
import { DocumentMediaType, sniffDocumentType } from './document-type';
import { DocumentView } from './document.view';
import { DocumentEntity } from './document.entity';
import {
  DocumentContentDestroyed,
  DocumentDeleteNotAllowed,
  DocumentOwnerReadOnly,
  DocumentStoreUnavailable,
  isMultipartParseError,
  MalformedMultipart,
  UndecodableImage,
  UnsupportedDocumentType,
} from './documents.errors';
import { DOCUMENT_KEY_FIELD, DOCUMENT_TITLE_FIELD } from './documents-encrypted-columns';
import { metadataStripper, UnreadableImage } from './image-metadata';
import { S3DocumentStore } from './s3-document.store';

/** What a document is (docs/API.md, Documents), served at `GET /vocabularies/document-kinds`. */
export const DOCUMENT_KIND_VOCABULARY = defineVocabulary('document-kinds', {
  identity: { es: 'Identidad', en: 'Identity' },
  comar_record: { es: 'Constancia o resolución de la COMAR', en: 'COMAR record or ruling' },
  court_record: { es: 'Documento judicial', en: 'Court record' },
  medical: { es: 'Médico', en: 'Medical' },
  evidence_photo: { es: 'Foto de evidencia', en: 'Evidence photo' },
  other: { es: 'Otro', en: 'Other' },
});
export const DOCUMENT_KINDS = DOCUMENT_KIND_VOCABULARY.codes;
export type DocumentKind = VocabularyCodeOf<typeof DOCUMENT_KIND_VOCABULARY>;
export const MAX_TITLE_LENGTH = 200;

const DOCUMENT = { es: 'El documento', en: 'The document' };
const OWNER = { es: 'El registro', en: 'The record' };

/** The fields of POST /documents, as the multipart form carried them (before validation). */
export type DocumentUploadFields = Record<string, string | undefined>;

/** A downloadable content: its metadata and the decrypted stream. */
export interface DocumentContent {
  document: DocumentView;
  stream: Readable;
}

/** More bytes than DOCUMENT_MAX_BYTES went through: the whole upload is refused. */
class UploadTooLarge extends Error {}

/**
 * Documents attached to persons, stays, applications, incidents and referrals (API.md,
 * Documents). Who reads and adds them is whoever reads and changes the record they belong to, as
 * the module owning that record tells through RecordOwnerRegistry; anything else is 404. Contents
 * are streamed through: type sniffed from the first bytes, images stripped of their metadata,
 * hashed, encrypted frame by frame under the file's own key, and written to the store, never
 * whole in memory.
 */
@Injectable()
export class DocumentsService implements OnModuleDestroy {
  private readonly logger = new Logger(DocumentsService.name);
  private readonly postgres: PostgresDocumentStore;
  private readonly s3: S3DocumentStore | null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly encryption: FieldEncryption,
    private readonly owners: RecordOwnerRegistry,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.postgres = new PostgresDocumentStore(dataSource);
    this.s3 = config.documents.s3 ? new S3DocumentStore(config.documents.s3) : null;
  }

  onModuleDestroy(): void {
    this.s3?.close();
  }

  /** The largest file an upload may carry. */
  get maxBytes(): number {
    return this.config.documents.maxBytes;
  }

  /** Checks an upload's fields and the caller's right to add to the owner, before any byte of the file is read. */
  async checkUpload(
    actor: Actor,
    fields: DocumentUploadFields,
  ): Promise<{ ownerType: RecordOwnerType; ownerId: string; kind: DocumentKind; title: string | null }> {
    const errors: FieldError[] = [];
    for (const name of Object.keys(fields)) {
      if (!['ownerType', 'ownerId', 'kind', 'title'].includes(name)) {
        errors.push({ field: name, message: 'is not a field of a document' });
      }
    }
    const { ownerType, ownerId, kind } = fields;
    const title = fields.title?.trim() ? fields.title.trim() : null;
    if (!RECORD_OWNER_TYPES.includes(ownerType as RecordOwnerType)) {
      errors.push({ field: 'ownerType', message: `must be one of ${RECORD_OWNER_TYPES.join(', ')}` });
    }
    if (!isUuid(ownerId)) errors.push({ field: 'ownerId', message: 'must be a UUID' });
    if (!DOCUMENT_KINDS.includes(kind as DocumentKind)) {
      errors.push({ field: 'kind', message: `must be one of ${DOCUMENT_KINDS.join(', ')}` });
    }
    if (title !== null && title.length > MAX_TITLE_LENGTH) {
      errors.push({ field: 'title', message: `must be at most ${MAX_TITLE_LENGTH} characters` });
    }
    if (errors.length > 0) throw new RequestValidationError(errors);
    const owner = (ownerId as string).toLowerCase();
    const access = this.owners.of(ownerType as RecordOwnerType);
    const manager = this.dataSource.manager;
    if (!(await access.canRead(manager, actor, owner))) throw new NotFoundError(OWNER);
    if (!(await access.canChange(manager, actor, owner))) throw new DocumentOwnerReadOnly();
    return { ownerType: ownerType as RecordOwnerType, ownerId: owner, kind: kind as DocumentKind, title };
  }

  /**
   * POST /documents, once checkUpload passed: stores the file and answers its metadata. Past
   * DOCUMENT_MAX_BYTES (413), of an unknown type (415) or undecodable (415), nothing is kept: no
   * row, no chunk, no object.
   */
  async upload(
    actor: Actor,
    target: { ownerType: RecordOwnerType; ownerId: string; kind: DocumentKind; title: string | null },
    file: Readable,
  ): Promise<DocumentView> {
    const limited = file.pipe(new ByteLimit(this.maxBytes));
    file.on('error', (error) => limited.destroy(error));
    const { mediaType, content } = await sniffDocumentType(limited).catch((error: unknown) => {
      throw this.uploadError(error);
    });
    if (!mediaType) {
      content.destroy();
      file.resume();
      throw new UnsupportedDocumentType();
    }
    const id = randomUUID();
    const key = newFileKey();
    const meter = new ContentMeter();
    const stripper = metadataStripper(mediaType);
    let failure: unknown = null;
    const stages = [content, ...(stripper ? [stripper] : []), meter, new DocumentEncryptStream(key, id)];
    const encrypted = (pipeline as unknown as (...args: unknown[]) => Readable)(...stages, (error: unknown) => {
      if (error) failure ??= error;
    });
    const store = this.storeFor(this.config.documents.store);
    let objectKey: string | null = null;
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.getRepository(DocumentEntity).insert({
          id,
          ownerType: target.ownerType,
          ownerId: target.ownerId,
          kind: target.kind,
          titleCiphertext:
            target.title === null ? null : this.encryption.encrypt(target.title, DOCUMENT_TITLE_FIELD, id),
          mediaType,
          byteSize: 0,
          sha256: '',
          keyCiphertext: this.encryption.encrypt(key.toString('base64'), DOCUMENT_KEY_FIELD, id),
          store: store.kind,
          objectKey: null,
          createdBy: actor.userId,
        });
        ({ objectKey } = await store.write(manager, id, encrypted));
        if (failure) throw failure;
        const { byteSize, sha256 } = meter.result();
        await manager.getRepository(DocumentEntity).update({ id }, { byteSize, sha256, objectKey });
        await this.audit.record(
          actor,
          {
            action: 'create',
            entityType: 'document',
            entityId: id,
            details: { ownerType: target.ownerType, ownerId: target.ownerId, kind: target.kind, mediaType, byteSize },
          },
          manager,
        );
        const saved = await manager.getRepository(DocumentEntity).findOneByOrFail({ id });
        return this.toView(saved);
      });
    } catch (error) {
      file.resume();
      if (objectKey) {
        await store.destroy(this.dataSource.manager, id, objectKey).catch(() => {
          this.logger.warn({ documentId: id }, 'an object of a failed upload could not be removed');
        });
      }
      throw this.uploadError(failure ?? error);
    }
  }

  /** GET /documents?ownerType=&ownerId=: the owner's documents, newest first, deleted ones included (flagged). */
  async list(actor: Actor, ownerType: RecordOwnerType, ownerId: string): Promise<{ items: DocumentView[] }> {
    if (!(await this.owners.of(ownerType).canRead(this.dataSource.manager, actor, ownerId))) {
      throw new NotFoundError(OWNER);
    }
    const items = await this.listForOwner(ownerType, ownerId);
    await this.audit.recordList(
      actor,
      'document',
      items.map(({ id }) => id),
    );
    return { items };
  }

  /**
   * The metadata of an owner's documents (deleted ones flagged), newest first, with no scope
   * check and no audit: for callers that checked the owner themselves (printable summaries).
   */
  async listForOwner(ownerType: RecordOwnerType, ownerId: string): Promise<DocumentView[]> {
    const rows = await this.dataSource
      .getRepository(DocumentEntity)
      .find({ where: { ownerType, ownerId }, order: { createdAt: 'DESC', id: 'ASC' } });
    return rows.map((row) => this.toView(row));
  }

  /** GET /documents/:id: the metadata, audited. */
  async get(actor: Actor, id: string): Promise<DocumentView> {
    const document = await this.findVisible(this.dataSource.manager, actor, id);
    await this.audit.recordRead(actor, 'document', id);
    return this.toView(document);
  }

  /** GET /documents/:id/content: the decrypted file, streamed; every download is audited before a byte leaves. */
  async content(actor: Actor, id: string): Promise<DocumentContent> {
    const document = await this.findVisible(this.dataSource.manager, actor, id);
    if (document.deletedAt || !document.keyCiphertext)
      throw new DocumentContentDestroyed(document.deletedAt ?? new Date());
    const key = Buffer.from(this.encryption.decrypt(document.keyCiphertext, DOCUMENT_KEY_FIELD, id), 'base64');
    const store = this.storeFor(document.store as DocumentStoreKind);
    await this.audit.record(actor, {
      action: 'download',
      entityType: 'document',
      entityId: id,
      details: { ownerType: document.ownerType, ownerId: document.ownerId },
    });
    const decrypted = new DocumentDecryptStream(key, id);
    const stream = (pipeline as unknown as (...args: unknown[]) => Readable)(
      store.read(id, document.objectKey),
      decrypted,
      (error: unknown) => {
        // Ids only: a download cut short because the stored content is altered or missing.
        if (error) this.logger.warn({ documentId: id, error: (error as Error).name }, 'a document did not decrypt');
      },
    );
    return { document: this.toView(document), stream };
  }

  /**
   * DELETE /documents/:id (admins, coordinators of the owner's shelter): the content and its key
   * are destroyed, the metadata stays with deletedAt. Deleting a deleted document changes nothing.
   */
  async delete(actor: Actor, id: string): Promise<DocumentView> {
    const document = await this.findVisible(this.dataSource.manager, actor, id);
    if (actor.role !== 'admin') {
      const shelterIds =
        actor.role === 'coordinator'
          ? await this.owners
              .of(document.ownerType as RecordOwnerType)
              .shelterIds(this.dataSource.manager, document.ownerId)
          : [];
      if (!shelterIds.some((shelterId) => actor.shelterIds.includes(shelterId))) throw new DocumentDeleteNotAllowed();
    }
    if (document.deletedAt) return this.toView(document);
    let destroyedObject: { store: DocumentContentStore; objectKey: string | null } | null = null;
    const deleted = await this.dataSource.transaction(async (manager) => {
      const locked = await manager
        .getRepository(DocumentEntity)
        .createQueryBuilder('d')
        .where('d.id = :id', { id })
        .setLock('pessimistic_write')
        .getOneOrFail();
      if (locked.deletedAt) return locked;
      const store = this.storeFor(locked.store as DocumentStoreKind);
      if (store.kind === 'postgres') await store.destroy(manager, id, null);
      else destroyedObject = { store, objectKey: locked.objectKey };
      await manager
        .getRepository(DocumentEntity)
        .update({ id }, { keyCiphertext: null, deletedAt: new Date(), deletedBy: actor.userId });
      await this.audit.record(
        actor,
        {
          action: 'delete',
          entityType: 'document',
          entityId: id,
          details: { ownerType: locked.ownerType, ownerId: locked.ownerId },
        },
        manager,
      );
      return manager.getRepository(DocumentEntity).findOneByOrFail({ id });
    });
    // The key is gone with the transaction: the object is unreadable already; removing it is housekeeping.
    const pending = destroyedObject as { store: DocumentContentStore; objectKey: string | null } | null;
    if (pending) await this.destroyObject(pending.store, id, pending.objectKey);
    return this.toView(deleted);
  }

  /**
   * Erasure and retention: destroys the content, key and title of every document of the person's
   * own records (as each owning module counts them), inside the erasure's transaction.
   */
  async destroyForPerson(manager: EntityManager, personId: string): Promise<number> {
    const owners: { ownerType: RecordOwnerType; ownerIds: string[] }[] = [];
    for (const [ownerType, access] of this.owners.all()) {
      owners.push({ ownerType, ownerIds: await access.ownerIdsOfPerson(manager, personId) });
    }
    const documents = (await manager.query(
      `SELECT d.id, d.store, d.object_key AS "objectKey" FROM documents d
         JOIN jsonb_to_recordset($1::jsonb) AS o("ownerType" text, "ownerIds" uuid[])
           ON d.owner_type = o."ownerType" AND d.owner_id = ANY(o."ownerIds")
        WHERE d.key_ciphertext IS NOT NULL OR d.title_ciphertext IS NOT NULL
        FOR UPDATE OF d`,
      [JSON.stringify(owners)],
    )) as { id: string; store: DocumentStoreKind; objectKey: string | null }[];
    if (documents.length === 0) return 0;
    const ids = documents.map(({ id }) => id);
    await manager.query('DELETE FROM document_chunks WHERE document_id = ANY($1::uuid[])', [ids]);
    await manager.query(
      `UPDATE documents SET key_ciphertext = NULL, title_ciphertext = NULL, deleted_at = COALESCE(deleted_at, now())
        WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    for (const document of documents.filter(({ store, objectKey }) => store === 's3' && objectKey)) {
      await this.destroyObject(this.storeFor('s3'), document.id, document.objectKey);
    }
    return documents.length;
  }

  private async destroyObject(store: DocumentContentStore, id: string, objectKey: string | null): Promise<void> {
    await store.destroy(this.dataSource.manager, id, objectKey).catch(() => {
      // Its key is destroyed: what is left is ciphertext nobody can read. Ids only in the log.
      this.logger.warn({ documentId: id }, 'the encrypted object of a destroyed document could not be removed');
    });
  }

  private async findVisible(manager: EntityManager, actor: Actor, id: string): Promise<DocumentEntity> {
    const document = await manager.getRepository(DocumentEntity).findOneBy({ id });
    if (!document) throw new NotFoundError(DOCUMENT);
    const access = this.owners.of(document.ownerType as RecordOwnerType);
    if (!(await access.canRead(manager, actor, document.ownerId))) throw new NotFoundError(DOCUMENT);
    return document;
  }

  private storeFor(kind: DocumentStoreKind): DocumentContentStore {
    if (kind === 'postgres') return this.postgres;
    if (!this.s3) throw new DocumentStoreUnavailable();
    return this.s3;
  }

  private uploadError(error: unknown): unknown {
    if (error instanceof UploadTooLarge || (error as { code?: string })?.code === 'FST_REQ_FILE_TOO_LARGE') {
      return new PayloadTooLarge('file', this.maxBytes);
    }
    if (error instanceof UnreadableImage || isSharpError(error)) return new UndecodableImage();
    if (isMultipartParseError(error)) return new MalformedMultipart();
    return error;
  }

  toView(document: DocumentEntity): DocumentView {
    return {
      id: document.id,
      ownerType: document.ownerType,
      ownerId: document.ownerId,
      kind: document.kind,
      title: document.titleCiphertext
        ? this.encryption.decrypt(document.titleCiphertext, DOCUMENT_TITLE_FIELD, document.id)
        : null,
      mediaType: document.mediaType as DocumentMediaType,
      byteSize: document.byteSize,
      sha256: document.sha256,
      createdAt: document.createdAt,
      createdBy: document.createdBy,
      deletedAt: document.deletedAt,
      deleted: document.deletedAt !== null,
    };
  }
}

/** sharp (libvips) rejects what it cannot decode with a plain Error whose message names the input. */
function isSharpError(error: unknown): boolean {
  const message = (error as Error)?.message ?? '';
  return /Input (buffer|file|image)|VipsJpeg|vipspng|webp|pngload|jpegload|heif|unsupported image format|pixel limit/i.test(
    message,
  );
}

/** Passes bytes through and errors once more than `limit` went by. */
class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) callback(new UploadTooLarge());
    else callback(null, chunk);
  }
}

/** Passes bytes through, counting and hashing what will be stored. */
class ContentMeter extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  result(): { byteSize: number; sha256: string } {
    return { byteSize: this.bytes, sha256: this.hash.digest('hex') };
  }
}
