import type { Role } from '@albergue/access';
import { defineVocabulary, VocabularyCodeOf } from '@albergue/platform';

/** The kinds of case notes: who reads a note follows from its kind (below). */
export const CASE_NOTE_KIND_VOCABULARY = defineVocabulary('case-note-kinds', {
  general: { es: 'General', en: 'General' },
  social: { es: 'Trabajo social', en: 'Social work' },
  legal: { es: 'Jurídica', en: 'Legal' },
  medical: { es: 'Médica', en: 'Medical' },
  psychosocial: { es: 'Psicosocial', en: 'Psychosocial' },
});
export const CASE_NOTE_KINDS = CASE_NOTE_KIND_VOCABULARY.codes;
export type CaseNoteKind = VocabularyCodeOf<typeof CASE_NOTE_KIND_VOCABULARY>;

/** Kinds only their author reads besides the person's coordinators and admins (docs/API.md, Case notes). */
export const CONFIDENTIAL_KINDS: readonly CaseNoteKind[] = ['medical', 'psychosocial'];

/**
 * How the caller reaches the person: `staff` (a coordinator or worker of a shelter where the person
 * has or had a stay), `counsel` (a lawyer on one of the person's applications), `admin`. Anyone
 * else never gets this far: the person answers 404.
 */
export type PersonRelation = 'admin' | 'staff' | 'counsel';

export function relationOf(role: Role): PersonRelation | null {
  if (role === 'admin') return 'admin';
  if (role === 'coordinator' || role === 'shelter_worker') return 'staff';
  if (role === 'lawyer') return 'counsel';
  return null;
}

/**
 * The kinds the caller reads whoever wrote them (docs/API.md): admins every kind; the staff of the
 * person's shelters `general` and `social`, and their coordinators `medical` and `psychosocial` too;
 * lawyers on the person's applications `legal`. Besides these, the author of a `medical` or
 * `psychosocial` note reads it.
 */
export function kindsReadableBy(role: Role): CaseNoteKind[] {
  switch (relationOf(role)) {
    case 'admin':
      return [...CASE_NOTE_KINDS];
    case 'staff':
      return role === 'coordinator' ? ['general', 'social', 'medical', 'psychosocial'] : ['general', 'social'];
    case 'counsel':
      return ['legal'];
    default:
      return [];
  }
}

/**
 * The kinds the caller may write: those they read, and for a shelter worker also `medical` and
 * `psychosocial`, which the worker then reads as author (a nurse's or a psychologist's note taken
 * at the desk). A lawyer writes `legal` notes only: she is not the person's care team.
 */
export function kindsWritableBy(role: Role): CaseNoteKind[] {
  if (role === 'shelter_worker') return ['general', 'social', 'medical', 'psychosocial'];
  return kindsReadableBy(role);
}
