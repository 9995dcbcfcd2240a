import { REFERRAL_URGENCY_LEVELS } from '@albergue/platform';

/** HSDS 3.0 service.status, spelled as HSDS spells it (note the space). */
export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** Services a shelter can refer to: `inactive` and `defunct` ones cannot take referrals. */
export const REFERRABLE_SERVICE_STATUSES: readonly ServiceStatus[] = ['active', 'temporarily closed'];

export const SERVICE_CATEGORIES = [
  'legal',
  'medical',
  'psychosocial',
  'shelter',
  'documentation',
  'education',
  'employment',
  'other',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

/** HSDS 3.0 location.location_type. */
export const LOCATION_TYPES = ['physical', 'postal', 'virtual'] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];

export const URGENCIES = REFERRAL_URGENCY_LEVELS;
export type Urgency = (typeof URGENCIES)[number];

export const REFERRAL_STATUSES = ['pending', 'accepted', 'declined', 'completed', 'no_show', 'cancelled'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** The person fields a sending shelter may share with the receiving organization; nothing else ever leaves. */
export const SHAREABLE_PERSON_FIELDS = [
  'givenNames',
  'familyNames',
  'sex',
  'birthDate',
  'birthYear',
  'nationality',
  'languages',
  'phone',
] as const;
export type ShareablePersonField = (typeof SHAREABLE_PERSON_FIELDS)[number];

/** Shared when the request names none: enough for the organization to greet the person, no more. */
export const DEFAULT_SHARED_FIELDS: ShareablePersonField[] = ['givenNames', 'familyNames'];
