import { defineVocabulary, VocabularyCodeOf } from '@albergue/platform';

/**
 * HURIDOCS Events Standard Formats micro-thesaurus codes that Albergue maps onto (docs/DESIGN.md), so
 * exports can speak ESF. Acts come from micro-thesaurus 4, Types of acts, as HURIDOCS ships it in
 * OpenEvSys (schema/mysql-dbpopulate-mt.sql, list 4). Where ESF's term is narrower than ours
 * (rape for sexual violence, death threats for threats) the broader ESF term is used, so that no
 * act leaves coded as more than was recorded. ESF has no term for migration agents or organized crime.
 */
export const HURIDOCS_CODES = {
  directActionsAgainstLife: '010100000000',
  physicalAssaults: '020101000000',
  sexualViolations: '020102000000',
  threatsOtherThanDeathThreats: '020103010000',
  lootingTheft: '130101000000',
  destructionOfProperty: '130103000000',
  abduction: '030104000000',
  extortion: '130104000000',
  torture: '020111110000',
  denialOfMedicalServices: '360102040000',
  detention: '030102000000',
  nationalLevelOfficials: '010101000000',
  armedForces: '010103000000',
  police: '010104000000',
  privateSecurity: '020400000000',
  unknown: '990000000000',
} as const;

export const ACT_TYPE_VOCABULARY = defineVocabulary('act-types', {
  extortion: { label: { es: 'Extorsión', en: 'Extortion' }, huridocsCode: HURIDOCS_CODES.extortion },
  // ESF: looting; theft.
  robbery: { label: { es: 'Robo o asalto', en: 'Robbery' }, huridocsCode: HURIDOCS_CODES.lootingTheft },
  kidnapping: { label: { es: 'Secuestro', en: 'Kidnapping' }, huridocsCode: HURIDOCS_CODES.abduction },
  physical_assault: {
    label: { es: 'Agresión física (golpes, lesiones)', en: 'Physical assault' },
    huridocsCode: HURIDOCS_CODES.physicalAssaults,
  },
  // ESF's sexual violations, not its narrower rape: the record does not say which act it was.
  sexual_violence: {
    label: { es: 'Violencia sexual', en: 'Sexual violence' },
    huridocsCode: HURIDOCS_CODES.sexualViolations,
  },
  torture: { label: { es: 'Tortura', en: 'Torture' }, huridocsCode: HURIDOCS_CODES.torture },
  // ESF: direct actions which violate the right to life (killings of every kind, under it).
  killing: { label: { es: 'Homicidio', en: 'Killing' }, huridocsCode: HURIDOCS_CODES.directActionsAgainstLife },
  // ESF: threats not including death threats. A death threat is recorded as a threat too, but
  // nothing says which were: coding them all as death threats would claim more than was recorded.
  threat: { label: { es: 'Amenazas', en: 'Threats' }, huridocsCode: HURIDOCS_CODES.threatsOtherThanDeathThreats },
  arbitrary_detention: {
    label: { es: 'Detención arbitraria', en: 'Arbitrary detention' },
    huridocsCode: HURIDOCS_CODES.detention,
  },
  denial_of_medical_care: {
    label: { es: 'Negación de atención médica', en: 'Denial of medical care' },
    huridocsCode: HURIDOCS_CODES.denialOfMedicalServices,
  },
  bribe_demand: { label: { es: 'Exigencia de soborno («mordida»)', en: 'Bribe demand' } },
  // ESF: destruction (of property), which identity and migration papers are.
  destruction_of_documents: {
    label: { es: 'Destrucción de documentos', en: 'Destruction of documents' },
    huridocsCode: HURIDOCS_CODES.destructionOfProperty,
  },
  family_separation: { label: { es: 'Separación familiar', en: 'Family separation' } },
  handover_to_criminals: {
    label: { es: 'Entrega a grupos criminales', en: 'Handover to criminal groups' },
  },
  other: { label: { es: 'Otro', en: 'Other' } },
});

export const PERPETRATOR_TYPE_VOCABULARY = defineVocabulary('perpetrator-types', {
  // INM is a federal agency (an organ of the Secretaría de Gobernación): its agents are
  // national-level officials, the nearest ESF term; the local code keeps them apart.
  inm_agent: {
    label: { es: 'Agente del INM (Instituto Nacional de Migración)', en: 'INM agent (National Migration Institute)' },
    huridocsCode: HURIDOCS_CODES.nationalLevelOfficials,
  },
  // Military in staff and command from its creation in 2019, and part of the permanent armed
  // forces under the Secretaría de la Defensa Nacional since the 2024 constitutional reform.
  national_guard: { label: { es: 'Guardia Nacional', en: 'National Guard' }, huridocsCode: HURIDOCS_CODES.armedForces },
  federal_police: { label: { es: 'Policía federal', en: 'Federal police' }, huridocsCode: HURIDOCS_CODES.police },
  state_police: { label: { es: 'Policía estatal', en: 'State police' }, huridocsCode: HURIDOCS_CODES.police },
  municipal_police: { label: { es: 'Policía municipal', en: 'Municipal police' }, huridocsCode: HURIDOCS_CODES.police },
  military: {
    label: { es: 'Militares (Ejército o Marina)', en: 'Military (Army or Navy)' },
    huridocsCode: HURIDOCS_CODES.armedForces,
  },
  organized_crime: { label: { es: 'Crimen organizado (cártel, pandilla)', en: 'Organized crime (cartel, gang)' } },
  smuggler: { label: { es: 'Pollero o coyote (traficante de migrantes)', en: 'Smuggler (coyote)' } },
  private_security: {
    label: { es: 'Seguridad privada (p. ej., guardias del tren)', en: 'Private security (e.g. railway guards)' },
    huridocsCode: HURIDOCS_CODES.privateSecurity,
  },
  other_migrants: { label: { es: 'Otras personas migrantes', en: 'Other migrants' } },
  unknown: { label: { es: 'Desconocido', en: 'Unknown' }, huridocsCode: HURIDOCS_CODES.unknown },
});

export const PLACE_TYPE_VOCABULARY = defineVocabulary('place-types', {
  rail_line: { label: { es: 'Vías del tren', en: 'Railway line' } },
  train: { label: { es: 'Tren de carga («La Bestia»)', en: 'Freight train ("La Bestia")' } },
  highway: { label: { es: 'Carretera', en: 'Highway' } },
  bus: { label: { es: 'Autobús, combi o colectivo', en: 'Bus, minibus or shared taxi' } },
  bus_station: { label: { es: 'Central de autobuses', en: 'Bus station' } },
  checkpoint: { label: { es: 'Retén o punto de revisión', en: 'Checkpoint' } },
  migration_station: {
    label: { es: 'Estación migratoria o estancia provisional del INM', en: 'INM migration detention centre' },
  },
  detention_center: { label: { es: 'Cárcel o separos', en: 'Jail or police holding cells' } },
  shelter: { label: { es: 'Albergue o casa del migrante', en: 'Migrant shelter' } },
  street: { label: { es: 'Vía pública', en: 'Street or public place' } },
  rural_area: { label: { es: 'Zona rural o monte', en: 'Rural area or backcountry' } },
  river_crossing: { label: { es: 'Cruce de río (p. ej., el Suchiate)', en: 'River crossing (e.g. the Suchiate)' } },
  safe_house: { label: { es: 'Casa de seguridad', en: 'Stash house (where captives are held)' } },
  other: { label: { es: 'Otro', en: 'Other' } },
});

export const REPORTED_TO_VOCABULARY = defineVocabulary('reported-to', {
  none: { label: { es: 'No se denunció', en: 'Not reported' } },
  cndh: {
    label: {
      es: 'CNDH (Comisión Nacional de los Derechos Humanos)',
      en: 'CNDH (National Human Rights Commission)',
    },
  },
  state_human_rights_commission: {
    label: { es: 'Comisión estatal de derechos humanos', en: 'State human rights commission' },
  },
  public_prosecutor: { label: { es: 'Fiscalía o Ministerio Público', en: "Public prosecutor's office" } },
  fiscalia_migrantes: {
    label: {
      es: 'Fiscalía especializada en delitos contra personas migrantes',
      en: "Special prosecutor's office for crimes against migrants",
    },
  },
  inm: { label: { es: 'INM (Instituto Nacional de Migración)', en: 'INM (National Migration Institute)' } },
  comar: {
    label: {
      es: 'COMAR (Comisión Mexicana de Ayuda a Refugiados)',
      en: 'COMAR (Mexican Commission for Refugee Assistance)',
    },
  },
  police: { label: { es: 'Policía', en: 'Police' } },
  consulate: { label: { es: 'Consulado del país de origen', en: 'Consulate of the country of origin' } },
  unhcr: { label: { es: 'ACNUR (Agencia de la ONU para los Refugiados)', en: 'UNHCR (UN Refugee Agency)' } },
  ngo: { label: { es: 'Organización de la sociedad civil', en: 'Civil-society organization' } },
  other: { label: { es: 'Otro', en: 'Other' } },
});

export const ACT_TYPES = ACT_TYPE_VOCABULARY.codes;
export type ActType = VocabularyCodeOf<typeof ACT_TYPE_VOCABULARY>;

export const PERPETRATOR_TYPES = PERPETRATOR_TYPE_VOCABULARY.codes;
export type PerpetratorType = VocabularyCodeOf<typeof PERPETRATOR_TYPE_VOCABULARY>;

/** Perpetrators who act with the authority of the state (private security does not). */
export const STATE_PERPETRATOR_TYPES: readonly PerpetratorType[] = [
  'inm_agent',
  'national_guard',
  'federal_police',
  'state_police',
  'municipal_police',
  'military',
];

export const PLACE_TYPES = PLACE_TYPE_VOCABULARY.codes;
export type PlaceType = VocabularyCodeOf<typeof PLACE_TYPE_VOCABULARY>;

export const REPORTED_TO = REPORTED_TO_VOCABULARY.codes;
export type ReportedTo = VocabularyCodeOf<typeof REPORTED_TO_VOCABULARY>;

/** The vocabularies whose terms carry HURIDOCS codes, by name. */
const CODED_VOCABULARIES = {
  'act-types': ACT_TYPE_VOCABULARY,
  'perpetrator-types': PERPETRATOR_TYPE_VOCABULARY,
} as const;

/** The term's HURIDOCS code, or undefined for a local term or a code the vocabulary lacks. */
export function huridocsCodeOf(name: keyof typeof CODED_VOCABULARIES, code: string): string | undefined {
  return CODED_VOCABULARIES[name].huridocsCodeOf(code);
}
