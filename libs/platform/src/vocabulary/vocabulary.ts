import { Global, Injectable, Module, Provider } from '@nestjs/common';
import { IsIn, ValidationOptions } from 'class-validator';

import { allOneOf, isOneOf } from '../database/check-expressions';
import { ContributionRegistry, contributeTo } from '../registry/contribution-registry';
import type { Language, LocalizedText } from '../errors/domain.error';

/** A term's labels, and optionally its code in an external standard (HURIDOCS ESF). */
export interface TermDefinition {
  label: LocalizedText;
  huridocsCode?: string;
}

export interface VocabularyTerm<Code extends string = string> extends TermDefinition {
  code: Code;
}

/** A term as `GET /vocabularies/:name` answers it, labelled in one language. */
export interface LocalizedVocabularyTerm {
  code: string;
  label: string;
  huridocsCode?: string;
}

/** Vocabulary names are kebab-case, as `GET /vocabularies/:name` spells them. */
const VOCABULARY_NAME = /^[a-z]+(-[a-z]+)*$/;
/** Codes go into CHECK constraints as SQL literals: no quote or backslash may ever reach them. */
const SAFE_CODE = /^[\p{L}\p{N}_+\- .]+$/u;

/**
 * A closed list of codes defined once: its TypeScript type (`VocabularyCodeOf<typeof X>`), its
 * labels in Spanish and English, its validator, its CHECK constraint and its entry in
 * `GET /vocabularies/:name` all come from the one definition.
 */
export class Vocabulary<Code extends string = string> {
  /** The codes in display order (the order of the definition). */
  readonly codes: readonly Code[];
  readonly terms: readonly VocabularyTerm<Code>[];
  private readonly byCode: ReadonlyMap<string, VocabularyTerm<Code>>;

  constructor(
    readonly name: string,
    definitions: Record<Code, TermDefinition | LocalizedText>,
  ) {
    if (!VOCABULARY_NAME.test(name)) throw new Error(`vocabulary name is not kebab-case: ${name}`);
    this.terms = (Object.entries(definitions) as [Code, TermDefinition | LocalizedText][]).map(([code, definition]) => {
      if (!SAFE_CODE.test(code)) throw new Error(`vocabulary ${name}: unsafe code ${code}`);
      const term = 'label' in definition ? definition : { label: definition };
      if (!term.label.es?.trim() || !term.label.en?.trim()) {
        throw new Error(`vocabulary ${name}: ${code} lacks a label in Spanish or English`);
      }
      return { code, ...term };
    });
    if (this.terms.length === 0) throw new Error(`vocabulary ${name} has no terms`);
    this.codes = this.terms.map(({ code }) => code);
    this.byCode = new Map(this.terms.map((term) => [term.code, term]));
  }

  has(code: unknown): code is Code {
    return typeof code === 'string' && this.byCode.has(code);
  }

  label(code: Code, language: Language): string {
    return this.byCode.get(code)!.label[language];
  }

  /** The term's HURIDOCS code, or undefined for a local term or a code the vocabulary lacks. */
  huridocsCodeOf(code: string): string | undefined {
    return this.byCode.get(code)?.huridocsCode;
  }

  /** The answer of `GET /vocabularies/:name`: each term labelled in `language`. */
  localized(language: Language): LocalizedVocabularyTerm[] {
    return this.terms.map(({ code, label, huridocsCode }) =>
      huridocsCode === undefined ? { code, label: label[language] } : { code, label: label[language], huridocsCode },
    );
  }

  /** The CHECK expression holding `column` to these codes. */
  check(column: string): string {
    return isOneOf(column, this.codes);
  }

  /** The CHECK expression holding every element of the array `column` to these codes. */
  checkEach(column: string): string {
    return allOneOf(column, this.codes);
  }

  /** The class-validator decorator accepting these codes only (`{ each: true }` for arrays). */
  validator(options?: ValidationOptions): PropertyDecorator {
    return IsIn(this.codes as Code[], options);
  }
}

/** The code type of a vocabulary: `type ActType = VocabularyCodeOf<typeof ACT_TYPE_VOCABULARY>`. */
export type VocabularyCodeOf<V> = V extends Vocabulary<infer Code> ? Code : never;

/**
 * Defines a vocabulary: `defineVocabulary('act-types', { extortion: { label: { es, en }, huridocsCode }, ... })`,
 * or with labels only, `defineVocabulary('sexes', { female: { es: 'Mujer', en: 'Female' }, ... })`. The
 * order of the keys is the display order. Register it with `registerVocabularies` to serve it.
 */
export function defineVocabulary<const Definitions extends Record<string, TermDefinition | LocalizedText>>(
  name: string,
  definitions: Definitions,
): Vocabulary<Extract<keyof Definitions, string>> {
  return new Vocabulary(
    name,
    definitions as Record<Extract<keyof Definitions, string>, TermDefinition | LocalizedText>,
  );
}

/** Every vocabulary `GET /vocabularies/:name` serves, each registered by the module that defines it. */
@Injectable()
export class VocabularyRegistry extends ContributionRegistry<readonly Vocabulary[]> {
  protected readonly subject = 'vocabularies';

  protected override check(module: string, vocabularies: readonly Vocabulary[]): void {
    const taken = new Set(this.names());
    for (const { name } of vocabularies) {
      if (taken.has(name) && this.find(name) !== vocabularies.find((vocabulary) => vocabulary.name === name)) {
        throw new Error(`${module}: two vocabularies are named ${name}`);
      }
      taken.add(name);
    }
  }

  find(name: string): Vocabulary | undefined {
    return this.all().find((vocabulary) => vocabulary.name === name);
  }

  /** The label of a code in `language`, or the code itself where no vocabulary names it (printed as is). */
  labelOf(name: string, code: string, language: Language): string {
    const vocabulary = this.find(name);
    return vocabulary?.has(code) ? vocabulary.label(code, language) : code;
  }

  names(): string[] {
    return this.all().map(({ name }) => name);
  }

  private all(): Vocabulary[] {
    return this.contributions().flat();
  }
}

@Global()
@Module({ providers: [VocabularyRegistry], exports: [VocabularyRegistry] })
export class VocabularyModule {}

/**
 * The one line by which a module serves its vocabularies: put it among the module's providers,
 * e.g. `providers: [registerVocabularies('intake', INTAKE_VOCABULARIES)]`.
 */
export function registerVocabularies(module: string, vocabularies: readonly Vocabulary[]): Provider {
  return contributeTo(VocabularyRegistry, module, vocabularies);
}
