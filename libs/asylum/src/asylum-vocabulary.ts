import { defineVocabulary, VocabularyCodeOf } from '@albergue/platform';

import type { IsoDate } from './iso-date';

/** Where an application is decided (docs/API.md, Asylum). */
export const JURISDICTION_VOCABULARY = defineVocabulary('jurisdictions', {
  MX_COMAR: { es: 'México: COMAR (condición de refugiado)', en: 'Mexico: COMAR (refugee status)' },
  US_AFFIRMATIVE: { es: 'EE. UU.: asilo afirmativo (USCIS)', en: 'US: affirmative asylum (USCIS)' },
  US_DEFENSIVE: {
    es: 'EE. UU.: asilo defensivo (corte de inmigración)',
    en: 'US: defensive asylum (immigration court)',
  },
});
export const JURISDICTIONS = JURISDICTION_VOCABULARY.codes;
export type Jurisdiction = VocabularyCodeOf<typeof JURISDICTION_VOCABULARY>;

/** The grounds of the claim (docs/API.md, Asylum): the Convention's five, and those Mexican law and practice add. */
export const ASYLUM_GROUND_VOCABULARY = defineVocabulary('asylum-grounds', {
  race: { es: 'Raza', en: 'Race' },
  religion: { es: 'Religión', en: 'Religion' },
  nationality: { es: 'Nacionalidad', en: 'Nationality' },
  political_opinion: { es: 'Opiniones políticas', en: 'Political opinion' },
  particular_social_group: {
    es: 'Pertenencia a determinado grupo social',
    en: 'Membership of a particular social group',
  },
  generalized_violence: { es: 'Violencia generalizada', en: 'Generalized violence' },
  gender: { es: 'Género', en: 'Gender' },
  other: { es: 'Otro', en: 'Other' },
});
export const ASYLUM_GROUNDS = ASYLUM_GROUND_VOCABULARY.codes;
export type AsylumGround = VocabularyCodeOf<typeof ASYLUM_GROUND_VOCABULARY>;

/** What can happen on an application's timeline (docs/API.md, Asylum). */
export const ASYLUM_EVENT_TYPE_VOCABULARY = defineVocabulary('asylum-event-types', {
  filed: { es: 'Solicitud presentada', en: 'Application filed' },
  ratified: { es: 'Solicitud ratificada', en: 'Application ratified' },
  interview_scheduled: { es: 'Entrevista programada', en: 'Interview scheduled' },
  interview_held: { es: 'Entrevista realizada', en: 'Interview held' },
  hearing_scheduled: { es: 'Audiencia programada', en: 'Hearing scheduled' },
  hearing_held: { es: 'Audiencia celebrada', en: 'Hearing held' },
  signature_missed: { es: 'Firma periódica no realizada', en: 'Periodic signature missed' },
  decision: { es: 'Resolución', en: 'Decision' },
  appeal_filed: { es: 'Recurso de revisión interpuesto', en: 'Appeal filed' },
  appeal_decision: { es: 'Resolución del recurso', en: 'Appeal decision' },
  nullity_suit_filed: { es: 'Juicio de nulidad promovido', en: 'Nullity suit filed' },
  amparo_filed: { es: 'Amparo promovido', en: 'Amparo filed' },
  abandoned: { es: 'Abandono del trámite', en: 'Abandoned' },
  withdrawn: { es: 'Desistimiento', en: 'Withdrawn' },
  transferred: { es: 'Traslado del trámite', en: 'Transferred' },
  closed: { es: 'Caso cerrado', en: 'Closed' },
});
export const ASYLUM_EVENT_TYPES = ASYLUM_EVENT_TYPE_VOCABULARY.codes;
export type AsylumEventType = VocabularyCodeOf<typeof ASYLUM_EVENT_TYPE_VOCABULARY>;

/** The outcome a `decision` or `appeal_decision` event carries (docs/API.md, Asylum). */
export const DECISION_OUTCOME_VOCABULARY = defineVocabulary('decision-outcomes', {
  recognized: { es: 'Reconocimiento de la condición de refugiado', en: 'Refugee status recognized' },
  complementary_protection: { es: 'Protección complementaria', en: 'Complementary protection' },
  denied: { es: 'Negativa', en: 'Denied' },
  granted: { es: 'Asilo otorgado', en: 'Asylum granted' },
  referred_to_court: { es: 'Remitido a la corte de inmigración', en: 'Referred to immigration court' },
  withholding: { es: 'Suspensión de la deportación (withholding)', en: 'Withholding of removal' },
  cat_protection: {
    es: 'Protección conforme a la Convención contra la Tortura',
    en: 'Protection under the Convention against Torture',
  },
});
export const DECISION_OUTCOMES = DECISION_OUTCOME_VOCABULARY.codes;
export type DecisionOutcome = VocabularyCodeOf<typeof DECISION_OUTCOME_VOCABULARY>;

/** Every status of every jurisdiction, for the check constraint of the status column. */
export const ASYLUM_STATUS_VOCABULARY = defineVocabulary('asylum-statuses', {
  preparing: { es: 'En preparación', en: 'Preparing' },
  filed: { es: 'Presentada', en: 'Filed' },
  ratified: { es: 'Ratificada', en: 'Ratified' },
  interview_scheduled: { es: 'Entrevista programada', en: 'Interview scheduled' },
  interview_held: { es: 'Entrevista realizada', en: 'Interview held' },
  hearing_scheduled: { es: 'Audiencia programada', en: 'Hearing scheduled' },
  hearing_held: { es: 'Audiencia celebrada', en: 'Hearing held' },
  recognized: { es: 'Condición de refugiado reconocida', en: 'Refugee status recognized' },
  complementary_protection: { es: 'Protección complementaria', en: 'Complementary protection' },
  granted: { es: 'Asilo otorgado', en: 'Asylum granted' },
  referred_to_court: { es: 'Remitida a la corte de inmigración', en: 'Referred to immigration court' },
  withholding: { es: 'Suspensión de la deportación (withholding)', en: 'Withholding of removal' },
  cat_protection: { es: 'Protección contra la tortura (CAT)', en: 'CAT protection' },
  denied: { es: 'Negada', en: 'Denied' },
  appeal_filed: { es: 'Recurso de revisión en trámite', en: 'Appeal pending' },
  appeal_decided: { es: 'Recurso resuelto', en: 'Appeal decided' },
  in_court: { es: 'En juicio', en: 'In court' },
  abandoned: { es: 'Abandonada', en: 'Abandoned' },
  withdrawn: { es: 'Desistida', en: 'Withdrawn' },
  closed: { es: 'Cerrada', en: 'Closed' },
});
export const ASYLUM_STATUSES = ASYLUM_STATUS_VOCABULARY.codes;
export type AsylumStatus = VocabularyCodeOf<typeof ASYLUM_STATUS_VOCABULARY>;

/** The deadlines an application can run against (docs/API.md, Asylum). */
export const DEADLINE_KIND_VOCABULARY = defineVocabulary('deadline-kinds', {
  comar_filing: { es: 'Plazo para solicitar ante la COMAR', en: 'COMAR filing deadline' },
  ratification: { es: 'Ratificación de la solicitud', en: 'Ratification of the application' },
  comar_decision: { es: 'Resolución de la COMAR', en: 'COMAR decision due' },
  appeal: { es: 'Recurso de revisión', en: 'Appeal (recurso de revisión)' },
  abandonment_appeal: { es: 'Recurso contra el abandono', en: 'Appeal against abandonment' },
  nullity_suit: { es: 'Juicio de nulidad', en: 'Nullity suit' },
  amparo: { es: 'Amparo', en: 'Amparo' },
  signature: { es: 'Firma periódica', en: 'Periodic signature' },
  us_one_year_filing: { es: 'EE. UU.: plazo de un año para pedir asilo', en: 'US: one-year filing deadline' },
  bia_appeal: { es: 'Apelación ante la BIA', en: 'Appeal to the BIA' },
});
export const DEADLINE_KINDS = DEADLINE_KIND_VOCABULARY.codes;
export type DeadlineKind = VocabularyCodeOf<typeof DEADLINE_KIND_VOCABULARY>;

export const ASYLUM_VOCABULARIES = [
  JURISDICTION_VOCABULARY,
  ASYLUM_GROUND_VOCABULARY,
  ASYLUM_EVENT_TYPE_VOCABULARY,
  DECISION_OUTCOME_VOCABULARY,
  ASYLUM_STATUS_VOCABULARY,
  DEADLINE_KIND_VOCABULARY,
];

/** One entry of an application's timeline. */
export interface AsylumEvent {
  type: AsylumEventType;
  occurredOn: IsoDate;
  /**
   * On a decision, an appeal decision or an abandonment: the day the applicant was notified, which
   * starts the clock of the remedy against it; defaults to `occurredOn`.
   */
  notifiedOn?: IsoDate;
  /** Required on `decision` and `appeal_decision`, refused on every other event. */
  outcome?: DecisionOutcome;
  /** On `filed`: filed through a representative, so the applicant must ratify in person. */
  viaRepresentative?: boolean;
}
