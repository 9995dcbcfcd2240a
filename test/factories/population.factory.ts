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

/**
 * Name pools of the route (Honduras, Guatemala, El Salvador), most frequent first: a few hundred given
 * names per sex and surnames, drawn with a Zipf-like skew (see zipf below), so that, as at a real desk,
 * María and López are everywhere while most names are rare.
 */
const names = (list: string) => list.trim().split(/\s+/);
const MALE = names(`
  José Juan Carlos Luis Jorge Mario Óscar Miguel Francisco Pedro Antonio Manuel Jesús Ángel Kevin Wilmer Brayan
  Josué David Daniel Edwin Nelson Marvin Elmer Douglas Santos Ernesto Rafael Roberto Julio César Ramón Héctor
  Rubén Selvin Byron Cristian Érick Wálter Fredy Henry Alexander Armando Rigoberto Efraín Noé Moisés Darwin
  Yeferson Ismael Alejandro Fernando Ricardo Eduardo Sergio Víctor Hugo Alfredo Raúl Gustavo Arturo Enrique
  Javier Alberto Andrés Gerardo Guillermo Rolando Orlando Gilberto Samuel Isaac Abraham Jonathan Anderson Bryan
  Jefferson Dennis Junior Osman Melvin Wilson Wilfredo Reinaldo Rodolfo Adolfo Alfonso Ángelo Gabriel Emilio
  Esteban Felipe Gregorio Ignacio Lorenzo Marcos Mateo Nicolás Pablo Rodrigo Saúl Tomás Vicente Abel Adán
  Agustín Alan Álvaro Amílcar Aníbal Benjamín Bernardo Carmelo Cástulo Ciro Dagoberto Darío Edgar Edgardo Elías
  Eliseo Emerson Erwin Everardo Ezequiel Fabio Federico Fidel Franklin Gonzalo Hernán Heriberto Hilario Horacio
  Iván Jaime Joel Jonás Julián Leonel Leonardo Lisandro Marcelo Martín Maynor Mauricio Medardo Milton Misael
  Nahúm Napoleón Nery Norman Obed Omar Osvaldo Otoniel Pascual Porfirio Ramiro Reynaldo Rigo Rosendo Salvador
  Saturnino Sebastián Silvio Teodoro Ulises Valentín Wilber Wilian Yovani Zacarías Aldo Baltazar Bayron Calixto
  Cipriano Domingo Eber Edilberto Eleazar Elvin Erasmo Estuardo Eusebio Faustino Florencio Genaro Gerson Hermes
  Isidro Jacinto Jairo Lesther Lucas Marlon Maximiliano Neftalí Olvin Pastor Plutarco Reyes Rony Santiago
  Tránsito Uriel Yair
`);
const FEMALE = names(`
  María Ana Rosa Karla Yesenia Glenda Sonia Marta Dania Heidy Wendy Lourdes Reina Xiomara Yolanda Gabriela
  Daniela Fernanda Dayana Katherine Lesly Ingrid Sandra Blanca Digna Iris Suyapa Alba Mirna Elvia Nohemí Jessica
  Paola Ángela Lucía Teresa Guadalupe Carmen Esperanza Milagro Marisol Belén Dulce Evelyn Nidia Patricia Elena
  Isabel Josefa Sofía Valeria Alejandra Andrea Beatriz Claudia Cristina Diana Elizabeth Estela Fátima Gloria
  Irma Jacqueline Juana Julia Laura Leticia Lidia Lorena Margarita Marcela Mercedes Miriam Mónica Norma Olga
  Pamela Raquel Rebeca Rocío Ruth Silvia Susana Tania Verónica Virginia Yamileth Yessica Zoila Adela Adriana
  Alicia Amanda Amparo Angélica Antonia Araceli Aurora Azucena Bertha Brenda Carolina Cecilia Celia Concepción
  Consuelo Dalia Delmy Dina Dolores Doris Edith Elsa Emilia Érika Esmeralda Eva Flor Francisca Gilda Graciela
  Gricelda Herminia Hilda Ilsa Inés Irene Jazmín Johana Josselyn Karen Katia Kenia Leydi Liliana Lilian Lisbeth
  Luz Magaly Maribel Marina Maritza Marleny Martina Maura Mayra Melissa Merlin Nancy Natalia Nelly Nora Noemí
  Olivia Paula Perla Ramona Rosario Roxana Sara Scarleth Sheila Sindy Soledad Tatiana Vilma Vivian Yadira Yaneth
  Yanira Yasmín Yeimi Yuri Zulema Abigail Agustina Albertina Ámbar Anabel Aracely Arely Berta Candelaria
  Catalina Celeste Clara Cruz Damaris Deysi Elia Elida Eloísa Emely Enma Evangelina Fabiola Filomena Genesis
  Hortensia Jimena Joselin Keila Lesbia Lucrecia Marcia Melany Nayeli Orfilia Priscila Rina Sulmy Yohana
`);
const SURNAMES = names(`
  López Hernández García Martínez Rodríguez Pérez González Ramírez Flores Cruz Reyes Morales Ortiz Gómez Díaz
  Mejía Castillo Rivera Chávez Sánchez Romero Aguilar Mendoza Velásquez Castro Vásquez Álvarez Ramos Guzmán
  Zelaya Padilla Portillo Orellana Escobar Argueta Rosales Bonilla Maldonado Cáceres Fuentes Ayala Alvarado
  Santos Méndez Paz Lara Navarro Cardona Barahona Sorto Turcios Amaya Galdámez Quintanilla Cienfuegos Villatoro
  Ajú Xicará Tzoc Chocoj Batz Coc Caal Pop Tum Ixcoy Sical Yat Quej Bol Choc Tiul Maquín Cuc Xol Pacay Cus
  Ordóñez Solórzano Recinos Lemus Pineda Hércules Calderón Osorio Matute Lagos Irías Murillo Figueroa Euceda
  Funes Membreño Banegas Ávila Discua Espinal Peña Torres Jiménez Vargas Herrera Medina Contreras Guerrero
  Estrada Rojas Cabrera Salazar Campos Vega Ríos Molina Cortés Soto Delgado Lozano Marroquín Suazo Corea
  Maradiaga Zúniga Carías Midence Oyuela Valladares Cálix Sierra Bustillo Canales Colindres Ferrera Girón
  Henríquez Izaguirre Laínez Lobo Mairena Moncada Montoya Nuñez Ochoa Palma Ponce Raudales Rosa Salgado Sevilla
  Sosa Tábora Trochez Urbina Vallecillo Varela Zavala Aguirre Alfaro Arévalo Barrera Benítez Cerna Chicas
  Cornejo Deras Durán Elías Fajardo Gálvez Guardado Hidalgo Interiano Jovel Landaverde Leiva Linares Magaña
  Martel Melgar Mercado Miranda Monterrosa Muñoz Najarro Olivares Orantes Pacheco Palacios Parada Quijada
  Renderos Rivas Saravia Serrano Tejada Umaña Valle Ventura Zepeda Ajcalón Alonzo Barrios Boche Cac Catalán
  Chiquín Colop Cuxil Ixcot Jocol Juárez Lux Mazariegos Monroy Orozco Pirir Quiñónez Sac Sajché Samayoa Tax
  Tojín Xec Yax Zapeta Acevedo Andrade Arias Ardón Betancourt Blanco Bueso Carranza Carrillo Coello Dubón
  Enamorado Fiallos Gutiérrez Lanza Lazo Luna Madrid Medrano Mondragón Nolasco Obando Padgett Pavón Perdomo
  Quezada Rápalo Rico Rubio Sabillón Salinas Sandoval Tinoco Toledo Uclés Vallejo Villeda Zerón Acosta
  Almendárez Baca Bardales Chinchilla Cuéllar Duarte Erazo Fonseca Garay Godoy Guevara Inestroza Loáisiga
  Manzanares Mena Moreno Nieto Osejo Paredes Quiroz Rueda Sarmiento Solís Tercero Valdez Villalobos Zamora
`);
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

/**
 * Draws from a list ranked most frequent first with Zipf's law, P(rank k) proportional to 1 / k^s:
 * the name frequencies of civil registers follow it closely (s about 1 for given names, a little less
 * for surnames).
 */
function zipf<T>(items: readonly T[], s: number): (rand: () => number) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= items.length; rank += 1) cumulative.push((total += 1 / rank ** s));
  return (rand) => {
    const target = rand() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return items[low];
  };
}

const maleName = zipf(MALE, 1);
const femaleName = zipf(FEMALE, 1);
const surname = zipf(SURNAMES, 0.9);

function uuidFrom(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Two different given names, or one. */
function givenNamesOf(rand: () => number, draw: (rand: () => number) => string): string {
  const first = draw(rand);
  if (rand() >= 0.85) return first;
  let second = draw(rand);
  while (second === first) second = draw(rand);
  return `${first} ${second}`;
}

/**
 * People of the migrant route, named as in Central America: mostly two given names and two family
 * names (the father's surname, then the mother's), each drawn from a few hundred with a skewed,
 * Zipf-like frequency. Deterministic: the same count and seed give the same people.
 */
export function generatePeople(count: number, seed = 42): GeneratedPerson[] {
  const rand = random(seed);
  return Array.from({ length: count }, () => {
    const sex = rand() < 0.58 ? 'male' : 'female';
    const givenNames = givenNamesOf(rand, sex === 'male' ? maleName : femaleName);
    const familyNames = rand() < 0.95 ? `${surname(rand)} ${surname(rand)}` : surname(rand);
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

const yearOf = (person: { birthDate?: string | null; birthYear?: number; estimatedBirthYear?: number | null }) =>
  person.birthDate ? Number(person.birthDate.slice(0, 4)) : (person.birthYear ?? person.estimatedBirthYear!);

/** A noisy query and what it says before its typos: the names a desk worker would compare. */
function writeDown(
  person: GeneratedPerson,
  rand: () => number,
): { query: NoisyQuery; given: string[]; family: string[] } {
  const given = foldName(person.givenNames).split(' ');
  let family = foldName(person.familyNames).split(' ');
  if (family.length === 2) {
    const shape = rand();
    if (shape < 0.3) family = [family[1], family[0]];
    else if (shape < 0.55) family = [family[0]];
  }
  let typedGiven = given;
  let typedFamily = family;
  const typos = rand() < 0.5 ? 1 : rand() < 0.6 ? 2 : 0;
  for (let i = 0; i < typos; i += 1) {
    if (rand() < 0.5) typedGiven = typedGiven.map((w, index) => (index === 0 ? typo(rand, w) : w));
    else typedFamily = typedFamily.map((w, index) => (index === typedFamily.length - 1 ? typo(rand, w) : w));
  }
  const year = yearOf(person);
  const birth = rand();
  const query: NoisyQuery = {
    truth: person.id,
    givenNames: typedGiven.join(' '),
    familyNames: typedFamily.join(' '),
    sex: person.sex,
  };
  if (birth < 0.2 && person.birthDate) query.birthDate = person.birthDate;
  else if (birth < 0.6) query.birthYear = year + (rand() < 0.5 ? -1 : 1);
  else query.birthYear = year;
  if (rand() < 0.9) query.nationality = person.nationality;
  return { query, given, family };
}

/**
 * How a returning person is written at another desk: accents dropped, a typo or two, surnames
 * swapped or one left out, the birth year off by one or only estimated (a desk always asks it, and
 * the sex).
 */
export function noisyQueryOf(person: GeneratedPerson, rand: () => number): NoisyQuery {
  return writeDown(person, rand).query;
}

/** The birth-year window of the matching probe: within it, a year is no reason to tell two people apart. */
const SAME_YEAR_WINDOW = 2;

/** One list of names holds all of the other's (a name written twice counts once). */
const nested = (a: string[], b: string[]) => a.every((name) => b.includes(name)) || b.every((name) => a.includes(name));

/**
 * Queries for people who are not in the database, their names drawn like everyone's (another seed),
 * written with the same noise: what a matching that finds only the right person must answer nothing to.
 *
 * "Not in the database" as a desk worker would judge it: a stranger's query is drawn again when some
 * person on record agrees with everything it says, typos aside: the same sex, a birth year within
 * +-2 of the query's, and, part by part, the given names of one all among the other's and the
 * surnames of one all among the other's. "José Luis López, 1990" describes José Luis López García born
 * 1990 as well as anyone (and "María López García" describes "María Rosa López García"): suggesting
 * them is right. "José Luis López Pérez" is a stranger to José Luis López García.
 */
export function strangerQueries(count: number, seed: number, population: GeneratedPerson[]): NoisyQuery[] {
  const known = new Map<string, { given: string[]; family: string[] }[]>();
  for (const person of population) {
    const given = foldName(person.givenNames).split(' ');
    const entry = { given, family: foldName(person.familyNames).split(' ') };
    for (const name of new Set(given)) {
      const key = `${person.sex}|${yearOf(person)}|${name}`;
      const list = known.get(key) ?? [];
      list.push(entry);
      known.set(key, list);
    }
  }
  const rand = random(seed);
  const queries: NoisyQuery[] = [];
  for (let round = 1; queries.length < count; round += 1) {
    for (const stranger of generatePeople(count, seed + round)) {
      if (queries.length === count) break;
      const { query, given, family } = writeDown(stranger, rand);
      const year = yearOf(query);
      // Nested given names share at least one: each person is filed under each of theirs.
      const described = given.some((name) =>
        Array.from({ length: 2 * SAME_YEAR_WINDOW + 1 }, (_, i) => year - SAME_YEAR_WINDOW + i).some((y) =>
          (known.get(`${stranger.sex}|${y}|${name}`) ?? []).some(
            (person) => nested(given, person.given) && nested(family, person.family),
          ),
        ),
      );
      if (!described) queries.push(query);
    }
  }
  return queries;
}
