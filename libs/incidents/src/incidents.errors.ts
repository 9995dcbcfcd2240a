import { DomainError } from '@albergue/platform';

import type { IncidentStatus } from './incident.entity';

export class InvalidVictim extends DomainError {
  constructor(field: string) {
    super(
      'invalid',
      'invalid_victim',
      {
        es: `Indique la víctima con victimPersonId o con victim, no con ambos ni sin ninguno: ${field}.`,
        en: `Give the victim as victimPersonId or as victim, not both or neither: ${field}.`,
      },
      [{ field, message: 'give either victimPersonId or victim, not both or neither' }],
    );
  }
}

export class VictimNotFound extends DomainError {
  constructor(field: string) {
    super(
      'rule_broken',
      'unknown_victim',
      {
        es: 'La persona indicada como víctima no existe o no está a su alcance.',
        en: 'The person given as victim does not exist or is not visible to you.',
      },
      [{ field, message: 'no person visible to you has this id' }],
    );
  }
}

export class IncidentAlreadyReviewed extends DomainError {
  constructor(status: IncidentStatus) {
    super(
      'conflict',
      'incident_already_reviewed',
      {
        es: 'Este incidente ya fue revisado; solo un incidente enviado (submitted) se revisa.',
        en: 'This incident has already been reviewed; only a submitted incident can be reviewed.',
      },
      [],
      { incidentStatus: status },
    );
  }
}

export class UnknownConsentRecipient extends DomainError {
  constructor(field: string) {
    super(
      'rule_broken',
      'unknown_consent_recipient',
      {
        es: `Cada destinatario del consentimiento es el id de una organización socia o del directorio: ${field}.`,
        en: `Each consent recipient is the id of a partner or of a directory organization: ${field}.`,
      },
      [{ field, message: 'not the id of a partner or of a directory organization' }],
    );
  }
}

export class ConsentNotPending extends DomainError {
  constructor(status: string) {
    super(
      'conflict',
      'consent_not_pending',
      {
        es: 'Esta versión del consentimiento no espera confirmación.',
        en: 'This version of the consent is not waiting for confirmation.',
      },
      [],
      { consentStatus: status },
    );
  }
}
