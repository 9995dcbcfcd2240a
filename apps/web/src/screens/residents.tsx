import { useState } from 'preact/hooks';

import { get, Page, post } from '../api';
import { useApp } from '../context';
import { formatDate, t } from '../i18n';
import {
  ErrorNotice,
  Field,
  localDateTimeNow,
  Notice,
  Revealed,
  Select,
  TextArea,
  useLoad,
  useVocabulary,
  withOffset,
} from '../ui';

export interface Resident {
  id: string;
  personId: string;
  caseNumber: string;
  checkedInAt: string;
  householdId?: string | null;
  /** Today, by the API's rule (the youngest age from an estimated year); null when unknown. */
  age?: number | null;
  minor?: boolean;
  unaccompaniedMinor?: boolean;
  separatedChild?: boolean;
  person: { givenNames: string; familyNames: string; sex: string; nationality: string; birthYear: number | null };
}

/** Folds accents and case, as the desk types names: "jose" finds "José". */
export const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export const residentName = (stay: Resident): string => `${stay.person.givenNames} ${stay.person.familyNames}`;

/** The residents present in the caller's shelter (at most 500, the API's page limit). */
export function useResidents(): [Resident[] | undefined, unknown, () => void] {
  const { shelterId, version } = useApp();
  return useLoad(
    () =>
      shelterId
        ? get<Page<Resident>>(`/shelters/${shelterId}/stays?present=true&limit=500`).then((page) => page.items)
        : Promise.resolve([]),
    [shelterId, version],
  );
}

export function Residents() {
  const { language, changed } = useApp();
  const [residents, error] = useResidents();
  const [search, setSearch] = useState('');
  /** The stay being checked out, or `household:<id>` for a whole group. */
  const [checkingOut, setCheckingOut] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const needle = fold(search.trim());
  const shown = (residents ?? []).filter(
    (stay) => !needle || fold(`${residentName(stay)} ${stay.caseNumber}`).includes(needle),
  );
  return (
    <section aria-labelledby="residents-title">
      <h1 id="residents-title">{t('residentsTitle')}</h1>
      <ErrorNotice error={error} />
      <Revealed token={done}>{done && <Notice kind="ok">{done}</Notice>}</Revealed>
      <Field
        label={t('search')}
        type="search"
        value={search}
        onInput={(event) => setSearch(event.currentTarget.value)}
      />
      {!residents && <p>{t('loading')}</p>}
      {residents && shown.length === 0 && <p>{t('noResidents')}</p>}
      <ul class="cards" data-testid="residents">
        {shown.map((stay) => {
          const group = (residents ?? []).filter((other) => stay.householdId && other.householdId === stay.householdId);
          const groupKey = `household:${stay.id}`;
          return (
            <li key={stay.id} class={`card${stay.minor ? ' minor' : ''}`}>
              <div class="resident">
                <a class="name" href={`/persons/${stay.personId}`}>
                  {residentName(stay)}
                </a>
                {stay.minor && (
                  <>
                    {' '}
                    <strong class="minor-badge">
                      {stay.age != null ? t('minorBadgeAge', { years: stay.age }) : t('minorBadge')}
                    </strong>
                  </>
                )}
                <br />
                <span>
                  {stay.caseNumber} · {stay.person.nationality} · {t('checkedInAt')} {formatDate(stay.checkedInAt)}
                </span>
                {(stay.unaccompaniedMinor || stay.separatedChild) && (
                  <>
                    <br />
                    <strong class="child-flag">
                      {t(stay.separatedChild ? 'flagSeparatedChild' : 'flagUnaccompaniedMinor')}
                    </strong>
                  </>
                )}
              </div>
              {checkingOut === stay.id || checkingOut === groupKey ? (
                <CheckoutForm
                  stays={checkingOut === groupKey ? group : [stay]}
                  householdId={checkingOut === groupKey ? (stay.householdId ?? undefined) : undefined}
                  language={language}
                  onCancel={() => setCheckingOut(null)}
                  onDone={(n) => {
                    setCheckingOut(null);
                    setDone(n > 1 ? t('checkedOutGroup', { n }) : t('checkedOut'));
                    changed();
                  }}
                />
              ) : (
                <div class="actions wrap">
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`${t('checkOut')}: ${residentName(stay)}`}
                    onClick={() => {
                      setDone(null);
                      setCheckingOut(stay.id);
                    }}
                  >
                    {t('checkOut')}
                  </button>
                  {group.length > 1 && (
                    <button
                      type="button"
                      class="secondary"
                      aria-label={t('checkOutGroupLabel', { name: residentName(stay), n: group.length })}
                      onClick={() => {
                        setDone(null);
                        setCheckingOut(groupKey);
                      }}
                    >
                      {t('checkOutGroup', { n: group.length })}
                    </button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The departure of one resident, or of everyone of a group present (one request, all or none). */
function CheckoutForm(props: {
  stays: Resident[];
  householdId?: string;
  language: string;
  onCancel: () => void;
  onDone: (n: number) => void;
}) {
  const destinations = useVocabulary('checkout-destinations', props.language);
  const [departedAt, setDepartedAt] = useState(localDateTimeNow());
  const [destination, setDestination] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  /** A minor leaving asks the worker to confirm, once, before anything is sent. */
  const [confirming, setConfirming] = useState(false);
  const minors = props.stays.filter((stay) => stay.minor);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (minors.length > 0 && !confirming) {
      setConfirming(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    const body = {
      departedAt: withOffset(departedAt),
      destination,
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    try {
      if (props.householdId) await post(`/households/${props.householdId}/checkout`, body);
      else await post(`/stays/${props.stays[0].id}/checkout`, body);
      props.onDone(props.stays.length);
    } catch (failure) {
      setError(failure);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} class="inline-form">
      {props.householdId && (
        <h2 class="form-title">{t('checkOutGroupTitle', { names: props.stays.map(residentName).join(', ') })}</h2>
      )}
      <Revealed token={error || confirming}>
        <ErrorNotice error={error} />
        {confirming && (
          <Notice kind="error">
            <p>{t('confirmMinorCheckout', { names: minors.map(residentName).join(', ') })}</p>
          </Notice>
        )}
      </Revealed>
      <Field
        label={t('departedAt')}
        type="datetime-local"
        required
        value={departedAt}
        onInput={(event) => setDepartedAt(event.currentTarget.value)}
      />
      <Select
        label={t('destination')}
        required
        placeholder="—"
        options={destinations}
        value={destination}
        onChange={(event) => setDestination(event.currentTarget.value)}
      />
      <TextArea
        label={t('note')}
        value={note}
        maxLength={2000}
        onInput={(event) => setNote(event.currentTarget.value)}
      />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {confirming ? t('confirmCheckout') : t('checkOut')}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
