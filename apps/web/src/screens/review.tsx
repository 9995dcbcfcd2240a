import { useState } from 'preact/hooks';

import { get, Page, post } from '../api';
import { formatDate, t } from '../i18n';
import { useApp } from '../context';
import { ErrorNotice, Notice, RadioGroup, TextArea, useLoad, useVocabulary } from '../ui';

interface IncidentSummary {
  id: string;
  shelterId: string;
  occurredOn: string;
  location: { state: string; municipality: string | null; placeType: string };
  actTypes: string[];
}

interface IncidentDetail extends IncidentSummary {
  narrative: string;
}

/** Coordinators: the incidents of their shelters still `submitted`, to verify or reject. */
export function Review() {
  const actTypes = useVocabulary('act-types', useApp().language);
  const placeTypes = useVocabulary('place-types', useApp().language);
  const label = (options: { value: string; label: string }[], code: string) =>
    options.find((option) => option.value === code)?.label ?? code;
  const [page, error, reload] = useLoad(() => get<Page<IncidentSummary>>('/incidents?status=submitted&limit=100'), []);
  const [openId, setOpenId] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{t('reviewTitle')}</h1>
      <ErrorNotice error={error} />
      {done && <Notice kind="ok">{t('reviewed')}</Notice>}
      {page && page.items.length === 0 && <p>{t('noIncidents')}</p>}
      <ul class="cards">
        {(page?.items ?? []).map((incident) => (
          <li key={incident.id} class="card column">
            <div>
              <strong>{formatDate(incident.occurredOn)}</strong> · {incident.location.state}
              {incident.location.municipality && `, ${incident.location.municipality}`} ·{' '}
              {label(placeTypes, incident.location.placeType)}
              <br />
              <span>{incident.actTypes.map((code) => label(actTypes, code)).join(', ')}</span>
            </div>
            {openId === incident.id ? (
              <ReviewForm
                id={incident.id}
                onDone={() => {
                  setOpenId(null);
                  setDone(true);
                  reload();
                }}
              />
            ) : (
              <button
                type="button"
                class="secondary"
                onClick={() => {
                  setDone(false);
                  setOpenId(incident.id);
                }}
              >
                {t('open')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReviewForm({ id, onDone }: { id: string; onDone: () => void }) {
  const [incident, loadError] = useLoad(() => get<IncidentDetail>(`/incidents/${id}`), [id]);
  const [decision, setDecision] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await post(`/incidents/${id}/review`, { decision, note });
      onDone();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form onSubmit={submit} class="inline-form">
      <ErrorNotice error={loadError ?? error} />
      {incident && <blockquote>{incident.narrative}</blockquote>}
      <RadioGroup
        legend={t('decision')}
        name={`decision-${id}`}
        options={['verified', 'rejected'].map((code) => ({
          value: code,
          label: t(`decision_${code}` as 'decision_verified'),
        }))}
        value={decision}
        onChange={setDecision}
      />
      <TextArea label={t('note')} required value={note} onInput={(event) => setNote(event.currentTarget.value)} />
      <button type="submit">{t('save')}</button>
    </form>
  );
}
