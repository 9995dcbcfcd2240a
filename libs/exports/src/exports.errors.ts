import { DomainError, LocalizedText } from '@albergue/platform';

export class InvalidPgpPublicKey extends DomainError {
  constructor(reason: string) {
    super(
      'rule_broken',
      'invalid_pgp_public_key',
      {
        es: 'La clave OpenPGP no sirve para cifrar los archivos de esta organización.',
        en: 'The OpenPGP key cannot encrypt files for this partner.',
      },
      [{ field: 'pgpPublicKey', message: reason }],
    );
  }
}

export class WebhookUrlNotAllowed extends DomainError {
  constructor(reason: string) {
    super(
      'rule_broken',
      'webhook_url_not_allowed',
      {
        es: 'La URL del webhook no está permitida.',
        en: 'The webhook URL is not allowed.',
      },
      [{ field: 'webhookUrl', message: reason }],
    );
  }
}

export class UnknownOrganization extends DomainError {
  constructor() {
    super(
      'rule_broken',
      'unknown_organization',
      { es: 'La organización no existe.', en: 'The organization does not exist.' },
      [{ field: 'organizationId', message: 'no organization with this id' }],
    );
  }
}

export class UnknownPartner extends DomainError {
  constructor() {
    super(
      'rule_broken',
      'unknown_partner',
      { es: 'La organización receptora no existe.', en: 'The partner does not exist.' },
      [{ field: 'partnerId', message: 'no partner with this id' }],
    );
  }
}

export class DatasetNotInAgreement extends DomainError {
  constructor(dataset: string) {
    super(
      'forbidden',
      'dataset_not_in_agreement',
      {
        es: `El convenio de intercambio de datos no permite el conjunto ${dataset}.`,
        en: `The data-sharing agreement does not allow the dataset ${dataset}.`,
      },
      [{ field: 'dataset', message: 'not allowed by the partner agreement' }],
    );
  }
}

export class ExportNotReady extends DomainError {
  constructor(status: string) {
    super('conflict', 'export_not_ready', {
      es: `La exportación todavía no tiene archivo (estado: ${status}).`,
      en: `The export has no file yet (status: ${status}).`,
    });
  }
}

/** Why an export failed, as partners and admins read it: a stable code and a sentence, never the raw error. */
export const EXPORT_FAILURES = {
  partner_key_unusable: {
    es: 'La clave OpenPGP de la organización ya no sirve para cifrar (vencida o revocada); registre una vigente.',
    en: "The partner's OpenPGP key can no longer encrypt (expired or revoked); register a valid one.",
  },
  internal: {
    es: 'La exportación falló por un error interno; el equipo técnico tiene el detalle.',
    en: 'The export failed because of an internal error; the technical team has the details.',
  },
} as const satisfies Record<string, LocalizedText>;

export type ExportFailureCode = keyof typeof EXPORT_FAILURES;

export const isExportFailureCode = (code: unknown): code is ExportFailureCode =>
  typeof code === 'string' && Object.hasOwn(EXPORT_FAILURES, code);

/** A failure of an export whose cause is known; anything else thrown while building one is `internal`. */
export class ExportFailure extends Error {
  constructor(
    readonly code: ExportFailureCode,
    options?: { cause?: unknown },
  ) {
    super(code, options);
    this.name = 'ExportFailure';
  }
}
