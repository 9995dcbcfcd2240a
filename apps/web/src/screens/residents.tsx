import { useState } from 'preact/hooks';

import { get, Page, post } from '../api';
import { useApp } from '../context';
import { formatDate, t } from '../i18n';
import {
  ErrorNotice,
  Field,
  localDateTimeNow,
  Notice,
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
  const [checkingOut, setCheckingOut] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const needle = fold(search.trim());
  const shown = (residents ?? []).filter(
    (stay) => !needle || fold(`${residentName(stay)} ${stay.caseNumber}`).includes(needle),
  );
  return (
    <section aria-labelledby="residents-title">
      <h1 id="residents-title">{t('residentsTitle')}</h1>
      <ErrorNotice error={error} />
      {done && <Notice kind="ok">{t('checkedOut')}</Notice>}
      <Field
        label={t('search')}
        type="search"
        value={search}
        onInput={(event) => setSearch(event.currentTarget.value)}
      />
      {!residents && <p>{t('loading')}</p>}
      {residents && shown.length === 0 && <p>{t('noResidents')}</p>}
      <ul class="cards" data-testid="residents">
        {shown.map((stay) => (
          <li key={stay.id} class="card">
            <div>
              <strong>{residentName(stay)}</strong>
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
            {checkingOut === stay.id ? (
              <CheckoutForm
                stay={stay}
                language={language}
                onCancel={() => setCheckingOut(null)}
                onDone={() => {
                  setCheckingOut(null);
                  setDone(true);
                  changed();
                }}
              />
            ) : (
              <button
                type="button"
                class="secondary"
                aria-label={`${t('checkOut')}: ${residentName(stay)}`}
                onClick={() => {
                  setDone(false);
                  setCheckingOut(stay.id);
                }}
              >
                {t('checkOut')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function CheckoutForm(props: { stay: Resident; language: string; onCancel: () => void; onDone: () => void }) {
  const destinations = useVocabulary('checkout-destinations', props.language);
  const [departedAt, setDepartedAt] = useState(localDateTimeNow());
  const [destination, setDestination] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await post(`/stays/${props.stay.id}/checkout`, {
        departedAt: withOffset(departedAt),
        destination,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      props.onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} class="inline-form">
      <ErrorNotice error={error} />
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
          {t('checkOut')}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
