import { DomainError } from '../../errors/domain.error';

export class IdempotencyKeyReused extends DomainError {
  constructor() {
    super(
      'rule_broken',
      'idempotency_key_reused',
      {
        es: 'Esta Idempotency-Key ya se usó con otra solicitud; use una clave nueva para cada solicitud distinta.',
        en: 'This Idempotency-Key was already used with another request; use a new key for each different request.',
      },
      [{ field: 'Idempotency-Key', message: 'was already used with a different request body' }],
    );
  }
}

export class InvalidIdempotencyKey extends DomainError {
  constructor() {
    super(
      'invalid',
      'invalid_idempotency_key',
      {
        es: 'La cabecera Idempotency-Key debe tener de 1 a 255 caracteres visibles.',
        en: 'The Idempotency-Key header must have 1 to 255 visible characters.',
      },
      [{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }],
    );
  }
}
