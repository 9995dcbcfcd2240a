import { foldName, searchNameOf } from '@albergue/intake';
import { Client } from 'pg';

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same population. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MALE = [
  'José',
  'Juan',
  'Carlos',
  'Luis',
  'Jorge',
  'Mario',
  'Óscar',
  'Wilmer',
  'Kevin',
  'Brayan',
  'Ángel',
  'Jesús',
  'Francisco',
  'Miguel',
  'Pedro',
  'Ernesto',
  'Douglas',
  'Elmer',
  'Nelson',
  'Edwin',
  'Marvin',
  'Selvin',
  'Byron',
  'Josué',
  'Óscar',
  'Rubén',
  'Héctor',
  'Santos',
  'Cristian',
  'Érick',
  'Wálter',
  'Fredy',
  'Henry',
  'Alexander',
  'Armando',
  'Rigoberto',
  'Efraín',
  'Noé',
  'Moisés',
  'Darwin',
  'Yeferson',
  'Ismael',
  'Julio',
  'César',
  'Ramón',
];
const FEMALE = [
  'María',
  'Ana',
  'Rosa',
  'Karla',
  'Yesenia',
  'Glenda',
  'Sonia',
  'Marta',
  'Dania',
  'Heidy',
  'Wendy',
  'Lourdes',
  'Reina',
  'Xiomara',
  'Yolanda',
  'Gabriela',
  'Daniela',
  'Fernanda',
  'Dayana',
  'Katherine',
  'Lesly',
  'Ingrid',
  'Sandra',
  'Blanca',
  'Digna',
  'Iris',
  'Suyapa',
  'Alba',
  'Mirna',
  'Elvia',
  'Nohemí',
  'Jessica',
  'Paola',
  'Ángela',
  'Lucía',
  'Teresa',
  'Guadalupe',
  'Carmen',
  'Esperanza',
  'Milagro',
  'Marisol',
  'Belén',
  'Dulce',
  'Evelyn',
  'Nidia',
];
const SURNAMES = [
  'López',
  'Hernández',
  'García',
  'Martínez',
  'Rodríguez',
  'Pérez',
  'González',
  'Ramírez',
  'Flores',
  'Cruz',
  'Reyes',
  'Morales',
  'Ortiz',
  'Gómez',
  'Díaz',
  'Mejía',
  'Castillo',
  'Rivera',
  'Chávez',
  'Sánchez',
  'Romero',
  'Aguilar',
  'Mendoza',
  'Velásquez',
  'Castro',
  'Vásquez',
  'Álvarez',
  'Ramos',
  'Guzmán',
  'Zelaya',
  'Padilla',
  'Portillo',
  'Orellana',
  'Escobar',
  'Argueta',
  'Rosales',
  'Bonilla',
  'Maldonado',
  'Cáceres',
  'Fuentes',
  'Ayala',
  'Alvarado',
  'Santos',
  'Mendez',
  'Paz',
  'Lara',
  'Navarro',
  'Cardona',
  'Barahona',
  'Sorto',
  'Turcios',
  'Amaya',
  'Galdámez',
  'Quintanilla',
  'Cienfuegos',
  'Villatoro',
  'Ajú',
  'Xicará',
  'Tzoc',
  'Chocoj',
  'Batz',
  'Coc',
  'Caal',
  'Pop',
  'Tum',
  'Ixcoy',
  'Sical',
  'Yat',
  'Quej',
  'Bol',
  'Choc',
  'Tiul',
  'Maquín',
  'Cuc',
  'Xol',
  'Pacay',
  'Cus',
  'Ordóñez',
  'Solórzano',
  'Recinos',
  'Lemus',
  'Pineda',
  'Hércules',
  'Calderón',
  'Osorio',
  'Matute',
  'Lagos',
  'Irías',
  'Murillo',
  'Figueroa',
  'Euceda',
  'Funes',
  'Membreño',
  'Banegas',
  'Ávila',
  'Discua',
  'Espinal',
  'Peña',
];
const NATIONALITIES: [string, number][] = [
  ['HN', 0.34],
  ['GT', 0.25],
  ['SV', 0.18],
  ['NI', 0.06],
  ['VE', 0.06],
  ['CU', 0.04],
  ['HT', 0.04],
  ['MX', 0.03],
];

export interface GeneratedPerson {
  id: string;
  givenNames: string;
  familyNames: string;
  sex: 'female' | 'male';
  birthDate: string | null;
  estimatedBirthYear: number | null;
  nationality: string;
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function uuidFrom(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Realistic people of the migrant route: Central American names, paternal and maternal surnames. */
export function generatePeople(count: number, seed = 42): GeneratedPerson[] {
  const rand = random(seed);
  return Array.from({ length: count }, () => {
    const sex = rand() < 0.58 ? 'male' : 'female';
    const pool = sex === 'male' ? MALE : FEMALE;
    const givenNames = rand() < 0.55 ? `${pick(rand, pool)} ${pick(rand, pool)}` : pick(rand, pool);
    const familyNames = rand() < 0.92 ? `${pick(rand, SURNAMES)} ${pick(rand, SURNAMES)}` : pick(rand, SURNAMES);
    const year = 1955 + Math.floor(rand() * 70);
    const exact = rand() < 0.7;
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    let roll = rand();
    const nationality = NATIONALITIES.find(([, weight]) => (roll -= weight) < 0)?.[0] ?? 'HN';
    return {
      id: uuidFrom(rand),
      givenNames,
      familyNames,
      sex,
      birthDate: exact ? `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : null,
      estimatedBirthYear: exact ? null : year,
      nationality,
    };
  });
}

/** Inserts people straight into `persons` (the rows the API would write), 5,000 per statement. */
export async function insertPeople(client: Client, people: GeneratedPerson[]): Promise<void> {
  for (let start = 0; start < people.length; start += 5000) {
    const batch = people.slice(start, start + 5000);
    await client.query(
      `INSERT INTO persons (id, given_names, family_names, sex, birth_date, estimated_birth_year, nationality, search_name, birth_year)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[], $6::int[], $7::char(2)[], $8::text[], $9::int[])`,
      [
        batch.map((p) => p.id),
        batch.map((p) => p.givenNames),
        batch.map((p) => p.familyNames),
        batch.map((p) => p.sex),
        batch.map((p) => p.birthDate),
        batch.map((p) => p.estimatedBirthYear),
        batch.map((p) => p.nationality),
        batch.map((p) => searchNameOf(p)),
        batch.map((p) => (p.birthDate ? Number(p.birthDate.slice(0, 4)) : p.estimatedBirthYear)),
      ],
    );
  }
}

function typo(rand: () => number, word: string): string {
  if (word.length < 4) return word;
  const at = 1 + Math.floor(rand() * (word.length - 2));
  const kind = rand();
  if (kind < 0.34) return word.slice(0, at) + word.slice(at + 1); // a letter dropped
  if (kind < 0.67) return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2); // two swapped
  return word.slice(0, at) + pick(rand, [...'aeioulnrs']) + word.slice(at + 1); // one replaced
}

export interface NoisyQuery {
  truth: string;
  givenNames: string;
  familyNames: string;
  sex: 'female' | 'male';
  birthDate?: string;
  birthYear?: number;
  nationality?: string;
}

/**
 * How a returning person is written at another desk: accents dropped, a typo or two, surnames
 * swapped or one left out, the birth year off by one or only estimated (a desk always asks it, and
 * the sex).
 */
export function noisyQueryOf(person: GeneratedPerson, rand: () => number): NoisyQuery {
  let given = foldName(person.givenNames).split(' ');
  let family = foldName(person.familyNames).split(' ');
  const typos = rand() < 0.5 ? 1 : rand() < 0.6 ? 2 : 0;
  for (let i = 0; i < typos; i += 1) {
    if (rand() < 0.5) given = given.map((w, index) => (index === 0 ? typo(rand, w) : w));
    else family = family.map((w, index) => (index === family.length - 1 ? typo(rand, w) : w));
  }
  if (family.length === 2) {
    const shape = rand();
    if (shape < 0.3) family = [family[1], family[0]];
    else if (shape < 0.55) family = [family[0]];
  }
  const year = person.birthDate ? Number(person.birthDate.slice(0, 4)) : person.estimatedBirthYear!;
  const birth = rand();
  const query: NoisyQuery = {
    truth: person.id,
    givenNames: given.join(' '),
    familyNames: family.join(' '),
    sex: person.sex,
  };
  if (birth < 0.2 && person.birthDate) query.birthDate = person.birthDate;
  else if (birth < 0.6) query.birthYear = year + (rand() < 0.5 ? -1 : 1);
  else query.birthYear = year;
  if (rand() < 0.9) query.nationality = person.nationality;
  return query;
}

/**
 * Queries for people who are not in the database, their names drawn like everyone's (another seed),
 * written with the same noise: what a matching that finds only the right person must answer nothing to.
 */
export function strangerQueries(count: number, seed: number): NoisyQuery[] {
  const rand = random(seed);
  return generatePeople(count, seed).map((stranger) => noisyQueryOf(stranger, rand));
}
