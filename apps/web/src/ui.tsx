import { createContext } from 'preact';
import type {
  ComponentChildren,
  FormHTMLAttributes,
  InputHTMLAttributes,
  PartialInputHTMLAttributes,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'preact';
import { useContext, useEffect, useId, useRef, useState } from 'preact/hooks';

import { ApiError, NetworkError, Term, vocabulary } from './api';
import { getLanguage, setLanguage, t } from './i18n';

export interface FieldError {
  field: string;
  message: string;
}

type InputProps = PartialInputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string };

// Preact's input types tie each `type` to its own attributes; these helpers take any of them.

/** The field errors of the API's last answer to the form around a field (see `Form`). */
const FormErrors = createContext<FieldError[]>([]);

/** The labels of the fields on screen by their names, so an error about a field names it as the user reads it. */
const labelsByName = new Map<string, string>();

/** The error of the API about this field (its name, or a part of it: `members[0].sex` under `members`), as a sentence. */
function useFieldError(name: unknown, label: string): string | null {
  const errors = useContext(FormErrors);
  if (typeof name !== 'string' || !name) return null;
  labelsByName.set(name, label);
  const found = errors.find(
    (error) => error.field === name || error.field.startsWith(`${name}.`) || error.field.startsWith(`${name}[`),
  );
  return found ? fieldErrorSentence(label, found.message) : null;
}

/**
 * An API field error as a sentence in the user's language: the field named by its label, the
 * rule said in words (class-validator's English messages name the field by its code).
 */
export function fieldErrorSentence(label: string, message: string): string {
  const number = /(-?\d+(?:\.\d+)?)/.exec(message)?.[1] ?? '';
  if (
    /should not be empty|is required|must be defined|must not be empty|missing|longer than or equal to 1 char/i.test(
      message,
    )
  )
    return t('fieldErrorRequired', { label });
  if (/must not be less than|must be (a )?positive|must be greater than/i.test(message))
    return t('fieldErrorMin', { label, n: number });
  if (/must not be greater than|must be less than/i.test(message)) return t('fieldErrorMax', { label, n: number });
  if (/(shorter|longer) than|length/i.test(message)) return t('fieldErrorLength', { label });
  if (/one of the following values|must be one of|unknown|not a valid|not allowed/i.test(message))
    return t('fieldErrorChoice', { label });
  if (/date|timestamp|time/i.test(message)) return t('fieldErrorDate', { label });
  if (/number|integer|numeric/i.test(message)) return t('fieldErrorNumber', { label });
  return t('fieldErrorOther', { label });
}

/** A form whose fields show the API's field errors next to them (422 problem+json `errors`). */
export function Form({ error, children, ...form }: FormHTMLAttributes<HTMLFormElement> & { error?: unknown }) {
  const errors = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  return (
    <FormErrors.Provider value={errors}>
      <form {...form}>{children}</form>
    </FormErrors.Provider>
  );
}

function FieldErrorText({ id, error }: { id: string; error: string | null }) {
  return error ? (
    <small id={id} class="field-error">
      {error}
    </small>
  ) : null;
}

const describedBy = (...ids: (string | false | null | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

/** A labelled input: every field of the app has a visible label tied to it, and its API error next to it. */
export function Field({ label, hint, ...input }: InputProps) {
  const id = useId();
  const error = useFieldError(input.name, label);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
        {...(input as InputHTMLAttributes)}
      />
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      <FieldErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

export function TextArea({ label, ...area }: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string }) {
  const id = useId();
  const error = useFieldError(area.name, label);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        rows={4}
        aria-describedby={describedBy(error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
        {...area}
      />
      <FieldErrorText id={`${id}-error`} error={error} />
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
  const error = useFieldError(select.name, label);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        aria-describedby={describedBy(error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
        {...select}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldErrorText id={`${id}-error`} error={error} />
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

/** The label of a field on screen by its API name (or the nearest enclosing one); never the code itself. */
function labelOfField(field: string): string {
  let name = field;
  for (;;) {
    const label = labelsByName.get(name);
    if (label) return label;
    const parent = name.replace(/(\.[^.[\]]*|\[\d+\])$/, '');
    if (!parent || parent === name) break;
    name = parent;
  }
  return t('fieldErrorUnnamed');
}

/** What an error says to the user: the API's own detail (in their language) and each field error as a sentence. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiError) {
    return (
      <Notice kind="error">
        {/* The API's detail names fields by their codes: with field errors, each is said by its label instead. */}
        <p>{error.problem.errors?.length ? t('fieldErrorsTitle') : error.message}</p>
        {error.problem.errors && error.problem.errors.length > 0 && (
          <ul>
            {error.problem.errors.map((item, index) => (
              <li key={`${item.field}-${index}`}>{fieldErrorSentence(labelOfField(item.field), item.message)}</li>
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
