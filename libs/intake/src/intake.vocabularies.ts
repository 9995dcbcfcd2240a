import { defineVocabulary, VocabularyCodeOf } from '@albergue/platform';

/** The vocabularies of intake, each defined once (GET /vocabularies/:name, the DTOs, the CHECK constraints). */

export const REASON_FOR_LEAVING_VOCABULARY = defineVocabulary('reasons-for-leaving', {
  gang_threat: { es: 'Amenaza de pandillas (maras)', en: 'Gang threat' },
  extortion: { es: 'Extorsión ("renta")', en: 'Extortion' },
  violence_witnessed: { es: 'Testigo de violencia', en: 'Witnessed violence' },
  domestic_violence: { es: 'Violencia intrafamiliar', en: 'Domestic violence' },
  persecution: { es: 'Persecución', en: 'Persecution' },
  economic: { es: 'Razones económicas', en: 'Economic reasons' },
  family_reunification: { es: 'Reunificación familiar', en: 'Family reunification' },
  natural_disaster: { es: 'Desastre natural', en: 'Natural disaster' },
  other: { es: 'Otro', en: 'Other' },
});
export const REASONS_FOR_LEAVING = REASON_FOR_LEAVING_VOCABULARY.codes;
export type ReasonForLeaving = VocabularyCodeOf<typeof REASON_FOR_LEAVING_VOCABULARY>;

/** Vulnerabilities a stay records; the intake adds `unaccompanied_minor` and `separated_child` itself. */
export const VULNERABILITY_VOCABULARY = defineVocabulary('vulnerabilities', {
  unaccompanied_minor: { es: 'Menor no acompañado', en: 'Unaccompanied minor' },
  separated_child: { es: 'Menor separado (sin madre, padre ni tutor)', en: 'Separated child' },
  pregnant: { es: 'Embarazo', en: 'Pregnant' },
  injured: { es: 'Lesionado', en: 'Injured' },
  disability: { es: 'Discapacidad', en: 'Disability' },
  chronic_illness: { es: 'Enfermedad crónica', en: 'Chronic illness' },
  lgbti: { es: 'Persona LGBTI', en: 'LGBTI person' },
  survivor_of_violence: { es: 'Sobreviviente de violencia', en: 'Survivor of violence' },
  elderly: { es: 'Persona mayor', en: 'Elderly' },
  single_parent: { es: 'Madre o padre solo', en: 'Single parent' },
  other: { es: 'Otra', en: 'Other' },
});
export const VULNERABILITIES = VULNERABILITY_VOCABULARY.codes;
export type Vulnerability = VocabularyCodeOf<typeof VULNERABILITY_VOCABULARY>;

export const RELATIONSHIP_VOCABULARY = defineVocabulary('relationships', {
  head: { es: 'Jefe(a) de familia', en: 'Head of household' },
  spouse: { es: 'Cónyuge o pareja', en: 'Spouse or partner' },
  child: { es: 'Hijo(a)', en: 'Child' },
  parent: { es: 'Madre o padre', en: 'Parent' },
  sibling: { es: 'Hermano(a)', en: 'Sibling' },
  grandparent: { es: 'Abuelo(a)', en: 'Grandparent' },
  other_relative: { es: 'Otro familiar', en: 'Other relative' },
  legal_guardian: { es: 'Tutor(a) legal de los menores', en: 'Legal guardian of the children' },
  other: { es: 'Otra relación', en: 'Other' },
});
export const RELATIONSHIPS = RELATIONSHIP_VOCABULARY.codes;
export type Relationship = VocabularyCodeOf<typeof RELATIONSHIP_VOCABULARY>;

export const CHECKOUT_DESTINATION_VOCABULARY = defineVocabulary('checkout-destinations', {
  continued_north: { es: 'Siguió hacia el norte', en: 'Continued north' },
  returned_home: { es: 'Regresó a su país', en: 'Returned home' },
  stayed_in_mexico: { es: 'Se quedó en México', en: 'Stayed in Mexico' },
  detained: { es: 'Detenido(a)', en: 'Detained' },
  deported: { es: 'Deportado(a)', en: 'Deported' },
  transferred: { es: 'Trasladado(a) a otro albergue', en: 'Transferred to another shelter' },
  unknown: { es: 'Se desconoce', en: 'Unknown' },
});
export const CHECKOUT_DESTINATIONS = CHECKOUT_DESTINATION_VOCABULARY.codes;
export type CheckoutDestination = VocabularyCodeOf<typeof CHECKOUT_DESTINATION_VOCABULARY>;

export const SEX_VOCABULARY = defineVocabulary('sexes', {
  female: { es: 'Mujer', en: 'Female' },
  male: { es: 'Hombre', en: 'Male' },
  intersex: { es: 'Intersexual', en: 'Intersex' },
  unknown: { es: 'No se sabe', en: 'Unknown' },
});
export const SEXES = SEX_VOCABULARY.codes;
export type Sex = VocabularyCodeOf<typeof SEX_VOCABULARY>;

export const TRANSFER_STATUS_VOCABULARY = defineVocabulary('transfer-statuses', {
  pending: { es: 'En espera de llegar', en: 'Awaiting arrival' },
  accepted: { es: 'Recibido(a) en el albergue', en: 'Received by the shelter' },
  cancelled: { es: 'Cancelado', en: 'Cancelled' },
});
export const TRANSFER_STATUSES = TRANSFER_STATUS_VOCABULARY.codes;
export type TransferStatus = VocabularyCodeOf<typeof TRANSFER_STATUS_VOCABULARY>;

/**
 * Why a person is erased: a code, never free text, since the audit log that keeps it can never be
 * changed. `retention_period_expired` is the worker's (not offered); the others an admin's.
 */
export const ERASURE_REASON_VOCABULARY = defineVocabulary('erasure-reasons', {
  data_subject_request: { es: 'La persona lo solicitó', en: 'The person asked' },
  safety_risk: { es: 'Conservarlo la pone en riesgo', en: 'Keeping it puts them at risk' },
  legal_order: { es: 'Orden judicial o de autoridad', en: 'Court or authority order' },
  recorded_in_error: { es: 'Registrado por error', en: 'Recorded in error' },
});
export const ERASURE_REASONS = ERASURE_REASON_VOCABULARY.codes;

export const INTAKE_VOCABULARIES = [
  REASON_FOR_LEAVING_VOCABULARY,
  VULNERABILITY_VOCABULARY,
  RELATIONSHIP_VOCABULARY,
  CHECKOUT_DESTINATION_VOCABULARY,
  SEX_VOCABULARY,
  TRANSFER_STATUS_VOCABULARY,
  ERASURE_REASON_VOCABULARY,
];
