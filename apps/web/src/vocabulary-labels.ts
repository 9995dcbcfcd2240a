import { useEffect, useState } from 'preact/hooks';

import { Term, vocabulary } from './api';
import { getLanguage } from './i18n';
import type { Option } from './ui';

/**
 * A vocabulary the API serves (`GET /vocabularies/:name`) as labels, in the user's language:
 * `label(code)` is empty while it loads, and the code itself only if the API has no such vocabulary.
 */
export function useLabels(name: string): { label: (code: string) => string; options: (codes?: string[]) => Option[] } {
  const language = getLanguage();
  const [terms, setTerms] = useState<Term[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    setFailed(false);
    vocabulary(name)
      .then((found) => live && setTerms(found))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [name, language]);
  const label = (code: string): string =>
    terms?.find((term) => term.code === code)?.label ?? (failed || terms ? code : '');
  /** The given codes (every code of the vocabulary when none are given) as options, labelled. */
  const options = (codes?: string[]): Option[] =>
    (codes ?? terms?.map((term) => term.code) ?? []).map((code) => ({ value: code, label: label(code) }));
  return { label, options };
}
