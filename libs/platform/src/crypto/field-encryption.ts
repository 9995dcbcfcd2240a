import { createCipheriv, createDecipheriv, createHmac, createSecretKey, KeyObject, randomBytes } from 'node:crypto';

import { Global, Inject, Injectable, Logger, Module } from '@nestjs/common';

import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../errors/domain.error';
import { EncryptedColumnRegistry } from './encrypted-column.registry';

/** The format FieldEncryption writes: bound to its table, column and row. */
const FORMAT = 'v2';
/** The first format, bound to its table and column only: still read, rewritten by keys:rotate. */
const FORMAT_V1 = 'v1';

/**
 * What identifies the row a ciphertext belongs to: its uuid `id`, or the values of its primary
 * key in the order the column's registration names them (EncryptedColumn.rowKey).
 */
export type RowId = string | readonly string[];

/**
 * A stored ciphertext that does not decrypt for the row and column it was read from: copied
 * there from another row or column, altered, or made with a key no longer configured. Nothing of
 * the record is answered; the log says which field of which row (never a value). 409: the request
 * is fine, the stored record is not, and only re-entering the field (or restoring it) mends it.
 */
export class UnreadableCiphertext extends DomainError {
  constructor(readonly field: string) {
    super(
      'conflict',
      'encrypted_field_unreadable',
      {
        es: 'Un dato protegido de este registro no se puede leer: fue alterado o su clave no está configurada. Comunique el requestId al equipo técnico.',
        en: 'A protected field of this record cannot be read: it was altered or its key is not configured. Give the requestId to the technical team.',
      },
      [{ field, message: 'does not decrypt for this record' }],
    );
    this.message = `cannot decrypt ${field}`;
  }
}

/**
 * Encrypts the fields that hold secrets of the people recorded (phones, narratives) with
 * AES-256-GCM. A ciphertext reads `v2.<key id>.<iv>.<tag>.<data>` (base64url), so old keys keep
 * decrypting after a rotation. The field's name (`table.column`) and the id of its row are bound
 * in as associated data: a ciphertext copied into another column or another row does not
 * decrypt. `v1` ciphertexts, bound to the field only, still decrypt until keys:rotate rewrites them.
 */
@Injectable()
export class FieldEncryption {
  private readonly logger = new Logger(FieldEncryption.name);
  // KeyObjects, made once: Node 24 turns a Buffer key into one on every call, which made each
  // encryption about three times and each keyed hash about eight times slower (measured here).
  private readonly keys: Map<string, KeyObject>;
  /** The id of the key that encrypts: the first one of FIELD_ENCRYPTION_KEYS. */
  readonly activeKeyId: string;
  private readonly blindIndexKey: KeyObject;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.keys = new Map(config.secrets.fieldEncryptionKeys.map(({ id, key }) => [id, createSecretKey(key)]));
    this.activeKeyId = config.secrets.fieldEncryptionKeys[0].id;
    this.blindIndexKey = createSecretKey(config.secrets.blindIndexKey);
  }

  /** Encrypts a value of `field` (`table.column`, as its module registers it) for the row `rowId`. */
  encrypt(plaintext: string, field: string, rowId: RowId): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    cipher.setAAD(boundTo(field, rowId));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, this.activeKeyId, iv, cipher.getAuthTag(), data]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Decrypts a value read from `field` of the row `rowId`; UnreadableCiphertext when it was not made there. */
  decrypt(ciphertext: string, field: string, rowId: RowId): string {
    const [format, keyId, iv, tag, data] = ciphertext.split('.');
    const key = this.keys.get(keyId);
    const authTag = Buffer.from(tag ?? '', 'base64url');
    // A shortened tag would be accepted by GCM and weaken the check: only the full 16 bytes.
    if ((format !== FORMAT && format !== FORMAT_V1) || !key || data === undefined || authTag.length !== 16) {
      return this.unreadable(field, rowId, 'unknown format, key id or tag');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
      decipher.setAAD(format === FORMAT ? boundTo(field, rowId) : Buffer.from(field));
      decipher.setAuthTag(authTag);
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return this.unreadable(field, rowId, 'authentication failed');
    }
  }

  /**
   * True when keys:rotate must rewrite the ciphertext: made with a key other than the active one,
   * or in the v1 format, not bound to its row.
   */
  isStale(ciphertext: string): boolean {
    const [format, keyId] = ciphertext.split('.', 2);
    return format !== FORMAT || keyId !== this.activeKeyId;
  }

  /**
   * A keyed hash that finds an encrypted value by exact match without revealing it: the same
   * value in the same column always gives the same index, and nobody without the key can test
   * a guess against it.
   */
  blindIndex(normalizedValue: string, column: string): string {
    return createHmac('sha256', this.blindIndexKey).update(`${column}\u0000${normalizedValue}`).digest('base64url');
  }

  private unreadable(field: string, rowId: RowId, why: string): never {
    // Ids and the field's name only: a security event to look into, never a value.
    this.logger.warn({ field, rowId, why }, 'a ciphertext does not decrypt for its row and column');
    throw new UnreadableCiphertext(field);
  }
}

/** The key parts of a row, one text (NUL never occurs in Postgres text, so parts cannot run together). */
function rowIdText(rowId: RowId): string {
  if (typeof rowId === 'string') return rowId;
  return Array.isArray(rowId) ? rowId.join('\u0000') : '';
}

/** The associated data of a v2 ciphertext: `table.column`, NUL, the row's id. */
function boundTo(field: string, rowId: RowId): Buffer {
  const id = rowIdText(rowId);
  if (!id) throw new Error(`no row id to bind ${field} to`);
  return Buffer.from(`${field}\u0000${id}`);
}

@Global()
@Module({ providers: [FieldEncryption, EncryptedColumnRegistry], exports: [FieldEncryption, EncryptedColumnRegistry] })
export class CryptoModule {}
