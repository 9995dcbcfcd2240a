import { DomainError } from '@albergue/platform';

import type { AsylumEventType, AsylumStatus, DecisionOutcome } from './asylum-vocabulary';

const listOr = (items: readonly string[], none: string): string => (items.length ? items.join(', ') : none);

/** A date that is not a real calendar day written `YYYY-MM-DD`. */
export class InvalidDate extends DomainError {
  constructor(field: string, value: unknown) {
    super(
      'invalid',
      'invalid_date',
      {
        es: `${field} debe ser una fecha AAAA-MM-DD existente; se recibió ${JSON.stringify(value)}.`,
        en: `${field} must be an existing YYYY-MM-DD date; got ${JSON.stringify(value)}.`,
      },
      [{ field, message: 'must be an existing YYYY-MM-DD date' }],
    );
  }
}

/** An event type outside the vocabulary of docs/API.md. */
export class UnknownEventType extends DomainError {
  constructor(type: unknown) {
    super(
      'invalid',
      'unknown_event_type',
      {
        es: `El tipo de evento ${JSON.stringify(type)} no existe.`,
        en: `The event type ${JSON.stringify(type)} does not exist.`,
      },
      [{ field: 'type', message: 'is not a known event type' }],
    );
  }
}

/**
 * A decision outcome that is missing, does not fit the jurisdiction, or comes on an event that
 * takes none. `allowedOutcomes` is empty when the event takes no outcome at all.
 */
export class InvalidOutcome extends DomainError {
  constructor(eventType: AsylumEventType, outcome: unknown, allowedOutcomes: readonly DecisionOutcome[]) {
    const options = allowedOutcomes.join(', ');
    const received =
      outcome === undefined
        ? { es: 'ninguno', en: 'none' }
        : { es: JSON.stringify(outcome), en: JSON.stringify(outcome) };
    super(
      'invalid',
      'invalid_outcome',
      allowedOutcomes.length
        ? {
            es: `El resultado de un evento ${eventType} debe ser uno de: ${options}; se recibió ${received.es}.`,
            en: `The outcome of a ${eventType} event must be one of: ${options}; got ${received.en}.`,
          }
        : { es: `Un evento ${eventType} no lleva resultado.`, en: `A ${eventType} event takes no outcome.` },
      [
        {
          field: 'outcome',
          message: allowedOutcomes.length ? `must be one of ${options}` : `must be left out on a ${eventType} event`,
        },
      ],
      { allowedOutcomes: [...allowedOutcomes] },
    );
  }
}

/** An event that the application's current status does not accept; `allowed` lists those it does. */
export class TransitionNotAllowed extends DomainError {
  constructor(status: AsylumStatus, eventType: AsylumEventType, allowed: readonly AsylumEventType[]) {
    super(
      'conflict',
      'transition_not_allowed',
      {
        es: `Una solicitud en estado ${status} no admite el evento ${eventType}. Eventos permitidos: ${listOr(allowed, 'ninguno')}.`,
        en: `An application in status ${status} does not accept the event ${eventType}. Allowed events: ${listOr(allowed, 'none')}.`,
      },
      [{ field: 'type', message: `is not allowed in status ${status}` }],
      { allowed: [...allowed] },
    );
  }
}

/** A person id that does not exist or that the caller may not see: both look the same. */
export class PersonNotAvailable extends DomainError {
  constructor(field: string) {
    super(
      'rule_broken',
      'person_not_available',
      {
        es: `${field}: la persona no existe o no está a su alcance.`,
        en: `${field}: the person does not exist or is not visible to you.`,
      },
      [{ field, message: 'no person you can see has this id' }],
    );
  }
}

/** The principal applicant listed again among the dependents. */
export class PrincipalAmongDependents extends DomainError {
  constructor(field: string) {
    super(
      'rule_broken',
      'principal_among_dependents',
      {
        es: 'La persona solicitante principal no puede ser también dependiente.',
        en: 'The principal applicant cannot also be a dependent.',
      },
      [{ field, message: 'is the principal applicant' }],
    );
  }
}

/** A lawyerId that is not an active lawyer, or a lawyer assigning a case to someone else. */
export class LawyerNotAssignable extends DomainError {
  constructor(message: string) {
    super(
      'rule_broken',
      'lawyer_not_assignable',
      {
        es: `No se puede asignar la solicitud a ese abogado: ${message}.`,
        en: `The application cannot be assigned to that lawyer: ${message}.`,
      },
      [{ field: 'lawyerId', message }],
    );
  }
}

/** No shelter to follow the case: none given and none from a stay, or one the caller cannot see. */
export class ShelterNotAvailable extends DomainError {
  constructor(message: string) {
    super(
      'rule_broken',
      'shelter_not_available',
      {
        es: `No se puede determinar el albergue que da seguimiento al caso: ${message}.`,
        en: `The shelter that follows the case cannot be set: ${message}.`,
      },
      [{ field: 'shelterId', message }],
    );
  }
}

/** A field that the event type does not take (a notification date on a filing, say). */
export class FieldNotForEvent extends DomainError {
  constructor(field: string, eventType: AsylumEventType) {
    super(
      'invalid',
      'field_not_for_event',
      {
        es: `Un evento ${eventType} no lleva ${field}.`,
        en: `A ${eventType} event takes no ${field}.`,
      },
      [{ field, message: `must be left out on a ${eventType} event` }],
    );
  }
}

/** An event dated before the applicant entered the country. */
export class EventBeforeEntry extends DomainError {
  constructor(enteredCountryOn: string) {
    super(
      'rule_broken',
      'event_before_entry',
      {
        es: `La fecha del evento es anterior al ingreso al país (${enteredCountryOn}).`,
        en: `The event is dated before the entry into the country (${enteredCountryOn}).`,
      },
      [{ field: 'occurredOn', message: `is before enteredCountryOn ${enteredCountryOn}` }],
    );
  }
}

/** A filing after the filing deadline without the reason it came late. */
export class LateFilingNeedsJustification extends DomainError {
  constructor(deadline: string) {
    super(
      'rule_broken',
      'late_filing_needs_justification',
      {
        es: `La presentación es posterior al plazo (${deadline}): indique en lateJustification por qué.`,
        en: `The filing comes after the deadline (${deadline}): say why in lateJustification.`,
      },
      [{ field: 'lateJustification', message: `is required for a filing after ${deadline}` }],
      { filingDeadline: deadline },
    );
  }
}

/** A closure day entered twice. */
export class ClosureExists extends DomainError {
  constructor(date: string) {
    super(
      'conflict',
      'closure_exists',
      { es: `El ${date} ya está registrado como día inhábil.`, en: `${date} is already recorded as a closure.` },
      [{ field: 'date', message: 'is already a closure day' }],
    );
  }
}

/** A decision notified before it was made. */
export class NotifiedBeforeDecision extends DomainError {
  constructor() {
    super(
      'rule_broken',
      'notified_before_decision',
      {
        es: 'La notificación no puede ser anterior a la resolución.',
        en: 'The notification cannot come before the decision.',
      },
      [{ field: 'notifiedOn', message: 'is before occurredOn' }],
    );
  }
}
