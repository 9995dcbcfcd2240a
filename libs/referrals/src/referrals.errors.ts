import { DomainError } from '@albergue/platform';

import type { ReferralStatus } from './referral.vocabularies';

export class ConsentRequired extends DomainError {
  constructor() {
    super(
      'rule_broken',
      'consent_required',
      {
        es: 'Sin el consentimiento de la persona no se puede hacer la canalización.',
        en: 'A referral needs the consent of the person.',
      },
      [{ field: 'consentObtained', message: 'the person must consent to the referral' }],
    );
  }
}

export class ServiceNotReferrable extends DomainError {
  constructor(status: string) {
    super(
      'rule_broken',
      'service_not_referrable',
      {
        es: `El servicio no recibe canalizaciones (estado: ${status}).`,
        en: `The service does not take referrals (status: ${status}).`,
      },
      [{ field: 'serviceId', message: `the service is ${status}` }],
    );
  }
}

export class UnknownReferenceField extends DomainError {
  constructor(field: string, what: { es: string; en: string }) {
    super(
      'rule_broken',
      `unknown_${field.replace(/Id$/, '')}`,
      { es: `${what.es} no existe o no está a su alcance.`, en: `${what.en} does not exist or is not visible to you.` },
      [{ field, message: 'no record with this id is visible to you' }],
    );
  }
}

export class NoReferringShelter extends DomainError {
  constructor() {
    super(
      'rule_broken',
      'no_referring_shelter',
      {
        es: 'La persona no tiene estancia en sus albergues: indique shelterId.',
        en: 'The person has no stay in your shelters: give shelterId.',
      },
      [{ field: 'shelterId', message: 'the person has no stay in a shelter of yours; name the referring shelter' }],
    );
  }
}

export class ReferralTransitionNotAllowed extends DomainError {
  constructor(from: ReferralStatus, to: ReferralStatus, allowed: ReferralStatus[]) {
    super(
      'conflict',
      'referral_transition_not_allowed',
      {
        es: `Una canalización en estado ${from} no puede pasar a ${to}. Permitidos: ${allowed.join(', ') || 'ninguno'}.`,
        en: `A referral in status ${from} cannot move to ${to}. Allowed: ${allowed.join(', ') || 'none'}.`,
      },
      [{ field: 'status', message: `allowed from ${from}: ${allowed.join(', ') || 'none'}` }],
      { currentStatus: from, allowed },
    );
  }
}

export class TransitionOfTheOtherSide extends DomainError {
  constructor(to: ReferralStatus, side: 'receiver' | 'sender') {
    super(
      'forbidden',
      'referral_transition_of_other_side',
      {
        es: `Solo ${side === 'receiver' ? 'la organización que recibe' : 'el albergue que canaliza'} puede marcar ${to}.`,
        en: `Only the ${side === 'receiver' ? 'receiving organization' : 'referring shelter'} may set ${to}.`,
      },
      [{ field: 'status', message: `${to} is set by the ${side}` }],
    );
  }
}

export class UnknownOrganization extends UnknownReferenceField {
  constructor() {
    super('organizationId', { es: 'La organización', en: 'The organization' });
  }
}
