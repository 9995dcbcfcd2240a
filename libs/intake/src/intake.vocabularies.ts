import type { LocalizedText } from '@albergue/platform';

import { RELATIONSHIPS } from './household.entity';
import { CHECKOUT_DESTINATIONS, VULNERABILITIES } from './stay.entity';

export { VULNERABILITIES };

export const REASONS_FOR_LEAVING = [
  'gang_threat',
  'extortion',
  'violence_witnessed',
  'domestic_violence',
  'persecution',
  'economic',
  'family_reunification',
  'natural_disaster',
  'other',
] as const;

type Vocabulary = Record<string, LocalizedText>;

/** Spanish and English labels of the intake vocabularies (GET /vocabularies/:name). */
export const INTAKE_VOCABULARIES: Record<string, Vocabulary> = {
  'reasons-for-leaving': {
    gang_threat: { es: 'Amenaza de pandillas (maras)', en: 'Gang threat' },
    extortion: { es: 'Extorsión ("renta")', en: 'Extortion' },
    violence_witnessed: { es: 'Testigo de violencia', en: 'Witnessed violence' },
    domestic_violence: { es: 'Violencia intrafamiliar', en: 'Domestic violence' },
    persecution: { es: 'Persecución', en: 'Persecution' },
    economic: { es: 'Razones económicas', en: 'Economic reasons' },
    family_reunification: { es: 'Reunificación familiar', en: 'Family reunification' },
    natural_disaster: { es: 'Desastre natural', en: 'Natural disaster' },
    other: { es: 'Otro', en: 'Other' },
  },
  vulnerabilities: {
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
  },
  relationships: {
    head: { es: 'Jefe(a) de familia', en: 'Head of household' },
    spouse: { es: 'Cónyuge o pareja', en: 'Spouse or partner' },
    child: { es: 'Hijo(a)', en: 'Child' },
    parent: { es: 'Madre o padre', en: 'Parent' },
    sibling: { es: 'Hermano(a)', en: 'Sibling' },
    grandparent: { es: 'Abuelo(a)', en: 'Grandparent' },
    other_relative: { es: 'Otro familiar', en: 'Other relative' },
    legal_guardian: { es: 'Tutor(a) legal de los menores', en: 'Legal guardian of the children' },
    other: { es: 'Otra relación', en: 'Other' },
  },
  'checkout-destinations': {
    continued_north: { es: 'Siguió hacia el norte', en: 'Continued north' },
    returned_home: { es: 'Regresó a su país', en: 'Returned home' },
    stayed_in_mexico: { es: 'Se quedó en México', en: 'Stayed in Mexico' },
    detained: { es: 'Detenido(a)', en: 'Detained' },
    deported: { es: 'Deportado(a)', en: 'Deported' },
    transferred: { es: 'Trasladado(a) a otro albergue', en: 'Transferred to another shelter' },
    unknown: { es: 'Se desconoce', en: 'Unknown' },
  },
};

// The labels cover exactly the codes the API accepts.
const expected: Record<string, readonly string[]> = {
  'reasons-for-leaving': REASONS_FOR_LEAVING,
  vulnerabilities: VULNERABILITIES,
  relationships: RELATIONSHIPS,
  'checkout-destinations': CHECKOUT_DESTINATIONS,
};
for (const [name, codes] of Object.entries(expected)) {
  const labelled = Object.keys(INTAKE_VOCABULARIES[name]);
  if (labelled.join() !== codes.join()) throw new Error(`vocabulary ${name} labels do not match its codes`);
}
