import type { PersonVisibilityRule } from '@albergue/intake';

/** Lets a lawyer open the persons on their own applications, principal or dependent, wherever they stayed. */
export const lawyerPersonVisibility: PersonVisibilityRule = (actor) =>
  actor.role === 'lawyer'
    ? {
        sql: `EXISTS (SELECT 1 FROM asylum_applications asylum_visible
               WHERE asylum_visible.lawyer_id = :asylumLawyerId
                 AND (asylum_visible.person_id = p.id OR EXISTS (
                   SELECT 1 FROM asylum_application_dependents asylum_dependent
                    WHERE asylum_dependent.application_id = asylum_visible.id
                      AND asylum_dependent.person_id = p.id)))`,
        parameters: { asylumLawyerId: actor.userId },
      }
    : null;
