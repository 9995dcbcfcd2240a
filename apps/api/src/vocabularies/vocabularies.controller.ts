import { Roles, ROLES } from '@albergue/access';
import { LocalizedVocabularyTerm, NotFoundError, pickLanguage, VocabularyRegistry } from '@albergue/platform';
import { Controller, Get, Headers, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

const VOCABULARY = { es: 'El vocabulario', en: 'The vocabulary' };

/**
 * `GET /vocabularies/:name` serves every vocabulary a module registered (`registerVocabularies`),
 * so it lives where the modules are composed: it knows none of them.
 */
@ApiTags('vocabularies')
@ApiBearerAuth()
@Controller('vocabularies')
export class VocabulariesController {
  constructor(private readonly vocabularies: VocabularyRegistry) {}

  @Get(':name')
  @Roles(...ROLES)
  @ApiOperation({
    summary:
      'The codes of a vocabulary with labels in the Accept-Language language (Spanish by default) and, where ' +
      'there is one, their HURIDOCS code. Incidents: act-types, perpetrator-types, place-types, reported-to, ' +
      'mexican-states (the 32 federal entities). Intake: reasons-for-leaving, vulnerabilities, relationships, ' +
      'checkout-destinations, sexes, transfer-statuses, erasure-reasons. Asylum: jurisdictions, asylum-grounds, ' +
      'asylum-event-types, decision-outcomes, asylum-statuses, deadline-kinds. Referrals: referral-statuses, ' +
      'service-categories, service-statuses, location-types, shareable-person-fields, referral-urgencies. ' +
      'Documents: document-kinds. Exports: datasets, export-formats, export-statuses. ' +
      'Case file: case-note-kinds. Access: roles.',
  })
  terms(@Param('name') name: string, @Headers('accept-language') acceptLanguage?: string): LocalizedVocabularyTerm[] {
    const vocabulary = this.vocabularies.find(name);
    if (vocabulary === undefined) throw new NotFoundError(VOCABULARY);
    return vocabulary.localized(pickLanguage(acceptLanguage));
  }
}
