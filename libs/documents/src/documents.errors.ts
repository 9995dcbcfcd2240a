import { DomainError } from '@albergue/platform';

/** The content's first bytes are none of the accepted types (PDF, JPEG, PNG, WebP, HEIC), whatever its name says. */
export class UnsupportedDocumentType extends DomainError {
  constructor() {
    super(
      'unsupported_media_type',
      'unsupported_document_type',
      {
        es: 'El archivo no es PDF, JPEG, PNG, WebP ni HEIC (se mira su contenido, no su nombre).',
        en: 'The file is not a PDF, JPEG, PNG, WebP or HEIC (its content is read, not its name).',
      },
      [{ field: 'file', message: 'must be PDF, JPEG, PNG, WebP or HEIC' }],
    );
  }
}

/** An image whose decoder fails: truncated, corrupt, or too many pixels. */
export class UndecodableImage extends DomainError {
  constructor() {
    super(
      'unsupported_media_type',
      'undecodable_image',
      {
        es: 'La imagen no se puede leer: está dañada, incompleta o es demasiado grande en píxeles.',
        en: 'The image cannot be read: it is damaged, incomplete or too large in pixels.',
      },
      [{ field: 'file', message: 'cannot be decoded' }],
    );
  }
}

/** A multipart request without its one file part, or with fields after it. */
export class MissingDocumentFile extends DomainError {
  constructor(message: string) {
    super(
      'invalid',
      'document_file_missing',
      {
        es: 'Falta el archivo: envíe los campos y después un solo archivo en el campo "file".',
        en: 'The file is missing: send the fields, then one file in the field "file".',
      },
      [{ field: 'file', message }],
    );
  }
}

/** A multipart body that does not parse (no boundary, cut short, too many parts). */
export class MalformedMultipart extends DomainError {
  constructor() {
    super(
      'invalid',
      'malformed_multipart',
      {
        es: 'El formulario enviado está mal formado o incompleto. Vuelva a enviarlo.',
        en: 'The form sent is malformed or incomplete. Send it again.',
      },
      [{ field: 'file', message: 'the multipart body does not parse' }],
    );
  }
}

/** Busboy's and @fastify/multipart's own errors: a body that is not a well-formed form. */
export function isMultipartParseError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    (typeof code === 'string' && code.startsWith('FST_') && code !== 'FST_REQ_FILE_TOO_LARGE') ||
    /unexpected end of (form|multipart)|malformed|multipart: boundary not found|part terminated early/i.test(
      message ?? '',
    )
  );
}

/** The caller sees the record but may not change it (a lawyer reading a person): they cannot attach to it. */
export class DocumentOwnerReadOnly extends DomainError {
  constructor() {
    super(
      'forbidden',
      'document_owner_read_only',
      {
        es: 'Puede ver este registro, pero no agregarle documentos.',
        en: 'You may read this record but not add documents to it.',
      },
      [{ field: 'ownerId', message: 'read only for you' }],
    );
  }
}

/** Only an admin, or a coordinator of the owner's shelter, deletes a document. */
export class DocumentDeleteNotAllowed extends DomainError {
  constructor() {
    super('forbidden', 'document_delete_not_allowed', {
      es: 'Solo una persona administradora o coordinadora del albergue puede borrar documentos.',
      en: 'Only an admin or a coordinator of the shelter may delete documents.',
    });
  }
}

/** The content was destroyed (deleted, or its person erased): only the metadata remains. */
export class DocumentContentDestroyed extends DomainError {
  constructor(deletedAt: Date) {
    super(
      'conflict',
      'document_deleted',
      {
        es: 'El contenido de este documento fue destruido; solo quedan sus datos.',
        en: 'The content of this document was destroyed; only its metadata remains.',
      },
      [],
      { deletedAt: deletedAt.toISOString() },
    );
  }
}

/** Documents stored in S3 while this process has no S3 store configured. */
export class DocumentStoreUnavailable extends DomainError {
  constructor() {
    super('unavailable', 'document_store_unavailable', {
      es: 'El almacén de este documento no está configurado en este servidor.',
      en: 'The store holding this document is not configured on this server.',
    });
  }
}
