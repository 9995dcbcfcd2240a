import { LocalizedText, Vocabulary } from '@albergue/platform';

/**
 * The 32 federal entities of Mexico by their everyday names, as incidents record and count
 * them: statistics grouped by state must not split "Chiapas" from "chiapas".
 */
export const MEXICAN_STATES = [
  'Aguascalientes',
  'Baja California',
  'Baja California Sur',
  'Campeche',
  'Chiapas',
  'Chihuahua',
  'Ciudad de México',
  'Coahuila',
  'Colima',
  'Durango',
  'Estado de México',
  'Guanajuato',
  'Guerrero',
  'Hidalgo',
  'Jalisco',
  'Michoacán',
  'Morelos',
  'Nayarit',
  'Nuevo León',
  'Oaxaca',
  'Puebla',
  'Querétaro',
  'Quintana Roo',
  'San Luis Potosí',
  'Sinaloa',
  'Sonora',
  'Tabasco',
  'Tamaulipas',
  'Tlaxcala',
  'Veracruz',
  'Yucatán',
  'Zacatecas',
] as const;
export type MexicanState = (typeof MEXICAN_STATES)[number];

/** English names where English has its own; the others are the same in both languages. */
const ENGLISH_NAMES: Partial<Record<MexicanState, string>> = {
  'Ciudad de México': 'Mexico City',
  'Estado de México': 'State of Mexico',
};

/** The states as the incident form offers them: the code is the name as stored. */
export const MEXICAN_STATE_VOCABULARY = new Vocabulary<MexicanState>(
  'mexican-states',
  Object.fromEntries(
    MEXICAN_STATES.map((state) => [state, { es: state, en: ENGLISH_NAMES[state] ?? state }]),
  ) as Record<MexicanState, LocalizedText>,
);

const fold = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();

/** INEGI's official names and common short forms. */
const OTHER_NAMES: Record<string, MexicanState> = {
  cdmx: 'Ciudad de México',
  'distrito federal': 'Ciudad de México',
  'coahuila de zaragoza': 'Coahuila',
  mexico: 'Estado de México',
  edomex: 'Estado de México',
  'michoacan de ocampo': 'Michoacán',
  'veracruz de ignacio de la llave': 'Veracruz',
};

const BY_FOLDED_NAME = new Map<string, MexicanState>([
  ...MEXICAN_STATES.map((state) => [fold(state), state] as const),
  ...Object.entries(OTHER_NAMES),
]);

/** The state's name as stored, whatever its accents, case or official long form; undefined if not a state. */
export function mexicanStateOf(name: string): MexicanState | undefined {
  return BY_FOLDED_NAME.get(fold(name));
}
