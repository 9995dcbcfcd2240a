import { PersonVisibilityRegistry } from '@albergue/intake';
import { Injectable, OnModuleInit } from '@nestjs/common';

/** Lets a lawyer open the persons on their own applications, principal or dependent, wherever they stayed. */
@Injectable()
export class LawyerPersonVisibility implements OnModuleInit {
  constructor(private readonly registry: PersonVisibilityRegistry) {}

  onModuleInit(): void {
    this.registry.register((actor) =>
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
        : null,
    );
  }
}
