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

/** An event type outside the vocabulary of API.md. */
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
