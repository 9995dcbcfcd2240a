import { Roles, ROLES } from '@albergue/access';
import { isVocabularyName, LocalizedVocabularyTerm, MEXICAN_STATES, vocabularyTerms } from '@albergue/incidents';
import { INTAKE_VOCABULARIES } from '@albergue/intake';
import { NotFoundError, pickLanguage } from '@albergue/platform';
import { Controller, Get, Headers, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

const VOCABULARY = { es: 'El vocabulario', en: 'The vocabulary' };

/**
 * `GET /vocabularies/:name` serves the vocabularies of several modules (incidents, intake) under
 * one path, so it lives where the modules are composed: neither module should know the other's.
 */
@ApiTags('vocabularies')
@ApiBearerAuth()
@Controller('vocabularies')
export class VocabulariesController {
  @Get(':name')
  @Roles(...ROLES)
  @ApiOperation({
    summary:
      'The codes of a vocabulary with labels in the Accept-Language language (Spanish by default) and their ' +
      'HURIDOCS codes: act-types, perpetrator-types, place-types, reported-to, reasons-for-leaving, ' +
      'vulnerabilities, relationships, checkout-destinations, mexican-states (the 32 federal entities).',
  })
  terms(@Param('name') name: string, @Headers('accept-language') acceptLanguage?: string): LocalizedVocabularyTerm[] {
    const language = pickLanguage(acceptLanguage);
    if (isVocabularyName(name)) return vocabularyTerms(name, language);
    if (name === 'mexican-states') return MEXICAN_STATES.map((state) => ({ code: state, label: state }));
    if (Object.hasOwn(INTAKE_VOCABULARIES, name)) {
      return Object.entries(INTAKE_VOCABULARIES[name]).map(([code, label]) => ({ code, label: label[language] }));
    }
    throw new NotFoundError(VOCABULARY);
  }
}
