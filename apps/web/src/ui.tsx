import type {
  ComponentChildren,
  InputHTMLAttributes,
  PartialInputHTMLAttributes,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';

import { ApiError, NetworkError, Term, vocabulary } from './api';
import { getLanguage, setLanguage, t } from './i18n';

type InputProps = PartialInputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string };

// Preact's input types tie each `type` to its own attributes; these helpers take any of them.

/** A labelled input: every field of the app has a visible label tied to it. */
export function Field({ label, hint, ...input }: InputProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...(input as InputHTMLAttributes)} />
      {hint && <small id={`${id}-hint`}>{hint}</small>}
    </div>
  );
}

export function TextArea({ label, ...area }: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string }) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea id={id} rows={4} {...area} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select({
  label,
  options,
  placeholder,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; options: Option[]; placeholder?: string }) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} {...select}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Checkbox(props: {
  label: string;
  checked: boolean;
  required?: boolean;
  onChange: (event: { currentTarget: HTMLInputElement }) => void;
}) {
  return (
    <label class="check">
      <input type="checkbox" checked={props.checked} required={props.required} onChange={props.onChange} />{' '}
      {props.label}
    </label>
  );
}

/** Checkboxes of a vocabulary, as a fieldset with its legend. */
export function CheckboxGroup(props: {
  legend: string;
  options: Option[];
  value: string[];
  onChange: (value: string[]) => void;
}) {
  return (
    <fieldset class="choices">
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <Checkbox
          key={option.value}
          label={option.label}
          checked={props.value.includes(option.value)}
          onChange={(event) =>
            props.onChange(
              event.currentTarget.checked
                ? [...props.value, option.value]
                : props.value.filter((item) => item !== option.value),
            )
          }
        />
      ))}
    </fieldset>
  );
}

export function RadioGroup(props: {
  legend: string;
  name: string;
  options: Option[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <fieldset class="choices">
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <label class="check" key={option.value}>
          <input
            type="radio"
            name={props.name}
            value={option.value}
            checked={props.value === option.value}
            onChange={() => props.onChange(option.value)}
            required
          />{' '}
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

/** Messages for the user: errors are announced at once, notices politely. */
export function Notice({ kind, children }: { kind: 'error' | 'ok' | 'info'; children: ComponentChildren }) {
  return (
    <div class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** What an error says to the user: the API's own detail (in their language) and its fields. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiError) {
    return (
      <Notice kind="error">
        <p>{error.message}</p>
        {error.problem.errors && error.problem.errors.length > 0 && (
          <ul>
            {error.problem.errors.map((item) => (
              <li key={item.field}>
                <code>{item.field}</code>: {item.message}
              </li>
            ))}
          </ul>
        )}
      </Notice>
    );
  }
  return <Notice kind="error">{error instanceof NetworkError ? t('networkError') : t('unexpectedError')}</Notice>;
}

export const toOptions = (terms: Term[]): Option[] => terms.map((term) => ({ value: term.code, label: term.label }));

/** A vocabulary as options, reloaded when the language changes. */
export function useVocabulary(name: string, language: string): Option[] {
  const [options, setOptions] = useState<Option[]>([]);
  useEffect(() => {
    let live = true;
    vocabulary(name)
      .then((terms) => live && setOptions(toOptions(terms)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [name, language]);
  return options;
}

/** Runs a load and keeps its result, error and a reload. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [T | undefined, unknown, () => void] {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setError(undefined);
    load()
      .then((result) => live && setValue(result))
      .catch((failure: unknown) => live && setError(failure));
    return () => {
      live = false;
    };
  }, [...deps, round]);
  return [value, error, () => setRound((n) => n + 1)];
}

/** The local time now as the value of a datetime-local input. */
export function localDateTimeNow(): string {
  const now = new Date();
  now.setSeconds(0, 0);
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

export const today = (): string => localDateTimeNow().slice(0, 10);

/** A datetime-local value as an ISO timestamp with this device's offset, as the API wants. */
export function withOffset(local: string): string {
  const date = new Date(local);
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.length === 16 ? `${local}:00` : local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Switches between Spanish and English; the button is labelled in the language it switches to. */
export function LanguageSwitch() {
  const language = getLanguage();
  return (
    <button
      type="button"
      class="link"
      lang={language === 'es' ? 'en' : 'es'}
      onClick={() => setLanguage(language === 'es' ? 'en' : 'es')}
    >
      {t('switchLanguage')}
    </button>
  );
}

export const SEXES = ['female', 'male', 'intersex', 'unknown'];

export function SexSelect(props: { value: string; onChange: (value: string) => void }) {
  return (
    <Select
      label={t('sex')}
      required
      placeholder="—"
      options={SEXES.map((code) => ({ value: code, label: t(`sex_${code}` as 'sex_female') }))}
      value={props.value}
      onChange={(event) => props.onChange(event.currentTarget.value)}
    />
  );
}

/**
 * Brings what it wraps into view and gives it focus each time `token` changes to a new truthy value
 * (a count of submissions that ended): on a phone the answer to a long form is far above the button.
 */
export function Revealed({ token, children }: { token: unknown; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!token || !element || !element.firstElementChild) return;
    element.scrollIntoView({ block: 'start' });
    element.focus({ preventScroll: true });
  }, [token]);
  return (
    <div ref={ref} tabIndex={-1} class="revealed">
      {children}
    </div>
  );
}

/**
 * A form's submission: busy while it runs, the API's error if it fails, `done` once it succeeded;
 * `settled` counts the submissions that ended (a token for Revealed).
 */
export function useSubmit(work: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const [settled, setSettled] = useState(0);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(false);
    try {
      await work();
      setDone(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      setSettled((n) => n + 1);
    }
  };
  return { busy, error, done, submit, settled };
}
