import { DomainError } from '@albergue/platform';

export class OpenStayElsewhere extends DomainError {
  constructor(field: string, stay: { id: string | null; caseNumber: string | null; shelterCode: string }) {
    const named = stay.caseNumber ?? stay.shelterCode;
    super(
      'conflict',
      'open_stay_elsewhere',
      {
        es: `La persona tiene una estancia abierta (${named}). Ese albergue puede cerrarla o trasladar a la persona a este; si usted trabaja en ambos, pida cerrarla como traslado (closeOpenStaysAsTransferred).`,
        en: `The person has an open stay (${named}). That shelter may close it or hand the person over to this one; if you work in both, ask to close it as a transfer (closeOpenStaysAsTransferred).`,
      },
      [{ field, message: `has an open stay ${named}` }],
      { openStay: stay },
    );
  }
}

export class BirthYearContradiction extends DomainError {
  constructor(field: string) {
    super(
      'rule_broken',
      'birth_year_contradiction',
      {
        es: 'El año estimado de nacimiento no coincide con la fecha de nacimiento.',
        en: 'The estimated birth year contradicts the birth date.',
      },
      [{ field, message: 'estimatedBirthYear does not match the year of birthDate' }],
    );
  }
}

export class CheckoutBeforeCheckin extends DomainError {
  constructor() {
    super(
      'rule_broken',
      'checkout_before_checkin',
      {
        es: 'La salida no puede ser anterior a la llegada.',
        en: 'The departure cannot be before the arrival.',
      },
      [{ field: 'departedAt', message: 'is before the check-in' }],
    );
  }
}

export class StayAlreadyClosed extends DomainError {
  constructor() {
    super('conflict', 'stay_already_closed', {
      es: 'Esta estancia ya tiene registrada su salida.',
      en: 'This stay is already checked out.',
    });
  }
}

export class ShelterCodeTaken extends DomainError {
  constructor() {
    super(
      'conflict',
      'shelter_code_taken',
      { es: 'Ya existe un albergue con ese código.', en: 'A shelter with that code already exists.' },
      [{ field: 'code', message: 'is already used by another shelter' }],
    );
  }
}

export class UnknownPerson extends DomainError {
  constructor(field: string) {
    super(
      'rule_broken',
      'unknown_person',
      {
        es: 'La persona indicada no existe o no está a su alcance.',
        en: 'The person given does not exist or is not visible to you.',
      },
      [{ field, message: 'no person you may see has this id' }],
    );
  }
}

export class InvalidIntakeMember extends DomainError {
  constructor(field: string, message: string) {
    super(
      'invalid',
      'invalid_intake_member',
      { es: `Integrante no válido: ${field}.`, en: `Invalid member: ${field}.` },
      [{ field, message }],
    );
  }
}

export class DuplicateMember extends DomainError {
  constructor(field: string) {
    super(
      'rule_broken',
      'duplicate_member',
      { es: 'La misma persona aparece dos veces en el grupo.', en: 'The same person appears twice in the group.' },
      [{ field, message: 'this person is already in the group' }],
    );
  }
}

export class PersonErased extends DomainError {
  constructor(erasedAt: Date, field?: string) {
    super(
      field ? 'rule_broken' : 'conflict',
      'person_erased',
      {
        es: 'El registro de esta persona fue borrado (anonimizado); ya no puede usarse ni cambiarse.',
        en: 'This person’s record was erased (anonymized); it can no longer be used or changed.',
      },
      field ? [{ field, message: 'this person’s record was erased' }] : [],
      { erasedAt: erasedAt.toISOString() },
    );
  }
}

export class TransferDestinationInvalid extends DomainError {
  constructor(message: string) {
    super(
      'rule_broken',
      'transfer_destination_invalid',
      {
        es: 'El albergue de destino no existe o es el mismo de la estancia.',
        en: 'The receiving shelter does not exist or is the stay’s own shelter.',
      },
      [{ field: 'toShelterId', message }],
    );
  }
}

export class TransferAlreadyPending extends DomainError {
  constructor() {
    super('conflict', 'transfer_already_pending', {
      es: 'Ya hay un traslado pendiente de esta persona; cancélelo antes de ofrecer otro.',
      en: 'This person already has a pending transfer; cancel it before offering another.',
    });
  }
}

export class TransferNotPending extends DomainError {
  constructor() {
    super('conflict', 'transfer_not_pending', {
      es: 'Este traslado ya fue aceptado o cancelado.',
      en: 'This transfer was already accepted or cancelled.',
    });
  }
}

export class MatchRateLimited extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(
      'rate_limited',
      'match_rate_limited',
      {
        es: 'Demasiadas búsquedas de registros anteriores; espere antes de buscar de nuevo.',
        en: 'Too many searches for earlier records; wait before searching again.',
      },
      [],
      { retryAfterSeconds },
    );
  }
}
