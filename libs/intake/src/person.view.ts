import type { Sex } from './intake.vocabularies';
import type { PersonEntity } from './person.entity';

export interface PersonView {
  id: string;
  givenNames: string;
  familyNames: string;
  aliases: string[];
  sex: Sex;
  genderIdentity: string | null;
  birthDate: string | null;
  estimatedBirthYear: number | null;
  nationality: string;
  placeOfOrigin: string | null;
  languages: string[];
  phone: string | null;
  /** Set once the record is erased (anonymized): its names are empty then. */
  erasedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a list shows: no phone (decrypted only when one person is opened). */
export type PersonSummary = Omit<PersonView, 'phone'>;

export function toPersonSummary(person: PersonEntity): PersonSummary {
  return {
    id: person.id,
    givenNames: person.givenNames,
    familyNames: person.familyNames,
    aliases: person.aliases,
    sex: person.sex,
    genderIdentity: person.genderIdentity,
    birthDate: person.birthDate,
    estimatedBirthYear: person.estimatedBirthYear,
    nationality: person.nationality,
    placeOfOrigin: person.placeOfOrigin,
    languages: person.languages,
    erasedAt: person.erasedAt,
    createdAt: person.createdAt,
    updatedAt: person.updatedAt,
  };
}
