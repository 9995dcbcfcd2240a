import { defineVocabulary, REFERRAL_URGENCY_LEVELS, VocabularyCodeOf } from '@albergue/platform';

/** HSDS 3.0 service.status, spelled as HSDS spells it (note the space). */
export const SERVICE_STATUS_VOCABULARY = defineVocabulary('service-statuses', {
  active: { es: 'Activo', en: 'Active' },
  inactive: { es: 'Inactivo', en: 'Inactive' },
  defunct: { es: 'Ya no existe', en: 'Defunct' },
  'temporarily closed': { es: 'Cerrado temporalmente', en: 'Temporarily closed' },
});
export const SERVICE_STATUSES = SERVICE_STATUS_VOCABULARY.codes;
export type ServiceStatus = VocabularyCodeOf<typeof SERVICE_STATUS_VOCABULARY>;

/** Services a shelter can refer to: `inactive` and `defunct` ones cannot take referrals. */
export const REFERRABLE_SERVICE_STATUSES: readonly ServiceStatus[] = ['active', 'temporarily closed'];

export const SERVICE_CATEGORY_VOCABULARY = defineVocabulary('service-categories', {
  legal: { es: 'Asesoría jurídica', en: 'Legal aid' },
  medical: { es: 'Atención médica', en: 'Medical care' },
  psychosocial: { es: 'Atención psicosocial', en: 'Psychosocial support' },
  shelter: { es: 'Albergue', en: 'Shelter' },
  documentation: { es: 'Documentación', en: 'Documentation' },
  education: { es: 'Educación', en: 'Education' },
  employment: { es: 'Empleo', en: 'Employment' },
  other: { es: 'Otro', en: 'Other' },
});
export const SERVICE_CATEGORIES = SERVICE_CATEGORY_VOCABULARY.codes;
export type ServiceCategory = VocabularyCodeOf<typeof SERVICE_CATEGORY_VOCABULARY>;

/** HSDS 3.0 location.location_type. */
export const LOCATION_TYPE_VOCABULARY = defineVocabulary('location-types', {
  physical: { es: 'Dirección física', en: 'Physical address' },
  postal: { es: 'Dirección postal', en: 'Postal address' },
  virtual: { es: 'En línea o por teléfono', en: 'Online or by phone' },
});
export const LOCATION_TYPES = LOCATION_TYPE_VOCABULARY.codes;
export type LocationType = VocabularyCodeOf<typeof LOCATION_TYPE_VOCABULARY>;

export const URGENCIES = REFERRAL_URGENCY_LEVELS;
export type Urgency = (typeof URGENCIES)[number];

/** The labels of the urgency levels (their codes and answer times live in platform's configuration). */
export const URGENCY_VOCABULARY = defineVocabulary('referral-urgencies', {
  routine: { es: 'Ordinaria', en: 'Routine' },
  urgent: { es: 'Urgente', en: 'Urgent' },
  emergency: { es: 'Emergencia', en: 'Emergency' },
} satisfies Record<Urgency, { es: string; en: string }>);

export const REFERRAL_STATUS_VOCABULARY = defineVocabulary('referral-statuses', {
  pending: { es: 'Pendiente', en: 'Pending' },
  accepted: { es: 'Aceptada', en: 'Accepted' },
  declined: { es: 'Rechazada', en: 'Declined' },
  completed: { es: 'Atendida', en: 'Completed' },
  no_show: { es: 'No se presentó', en: 'No-show' },
  cancelled: { es: 'Cancelada', en: 'Cancelled' },
});
export const REFERRAL_STATUSES = REFERRAL_STATUS_VOCABULARY.codes;
export type ReferralStatus = VocabularyCodeOf<typeof REFERRAL_STATUS_VOCABULARY>;

/** The person fields a sending shelter may share with the receiving organization; nothing else ever leaves. */
export const SHAREABLE_PERSON_FIELD_VOCABULARY = defineVocabulary('shareable-person-fields', {
  givenNames: { es: 'Nombre(s)', en: 'Given names' },
  familyNames: { es: 'Apellidos', en: 'Family names' },
  sex: { es: 'Sexo', en: 'Sex' },
  birthDate: { es: 'Fecha de nacimiento', en: 'Date of birth' },
  birthYear: { es: 'Año de nacimiento', en: 'Year of birth' },
  nationality: { es: 'Nacionalidad', en: 'Nationality' },
  languages: { es: 'Idiomas', en: 'Languages' },
  phone: { es: 'Teléfono', en: 'Phone' },
});
export const SHAREABLE_PERSON_FIELDS = SHAREABLE_PERSON_FIELD_VOCABULARY.codes;
export type ShareablePersonField = VocabularyCodeOf<typeof SHAREABLE_PERSON_FIELD_VOCABULARY>;

/** Shared when the request names none: enough for the organization to greet the person, no more. */
export const DEFAULT_SHARED_FIELDS: ShareablePersonField[] = ['givenNames', 'familyNames'];

export const REFERRAL_VOCABULARIES = [
  REFERRAL_STATUS_VOCABULARY,
  SERVICE_CATEGORY_VOCABULARY,
  SERVICE_STATUS_VOCABULARY,
  LOCATION_TYPE_VOCABULARY,
  SHAREABLE_PERSON_FIELD_VOCABULARY,
  URGENCY_VOCABULARY,
];
