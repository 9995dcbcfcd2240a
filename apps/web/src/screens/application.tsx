import { useState } from 'preact/hooks';

import { get, post } from '../api';
import { formatDate, t } from '../i18n';
import { Checkbox, ErrorNotice, Field, Notice, Select, TextArea, today, useLoad } from '../ui';
import { kindLabel } from './caseload';
import { NotesPanel, SummaryButton } from './notes-panel';

interface Application {
  id: string;
  personId: string;
  jurisdiction: string;
  status: string;
  enteredCountryOn: string;
  grounds: string;
  allowedEvents: string[];
  deadlines: { kind: string; dueOn: string; basis: string; met: boolean; open: boolean; late: boolean }[];
  events?: {
    id: string;
    type: string;
    occurredOn: string;
    outcome: string | null;
    late: boolean;
    note: string | null;
  }[];
}

const OUTCOMES: Record<string, string[]> = {
  MX_COMAR: ['recognized', 'complementary_protection', 'denied'],
  US_AFFIRMATIVE: ['granted', 'referred_to_court', 'denied'],
  US_DEFENSIVE: ['granted', 'withholding', 'cat_protection', 'denied'],
};
const WITH_OUTCOME = ['decision', 'appeal_decision'];
/** Rulings whose notification starts the clock of a remedy against them. */
const WITH_NOTIFICATION = [...WITH_OUTCOME, 'abandoned'];

export function ApplicationPage({ params }: { params: string[] }) {
  const [id] = params;
  const [application, error, reload] = useLoad(() => get<Application>(`/asylum-applications/${id}`), [id]);
  const [person] = useLoad(
    () =>
      application
        ? get<{ givenNames: string; familyNames: string }>(`/persons/${application.personId}`)
        : Promise.resolve(null),
    [application?.personId],
  );
  const now = today();
  return (
    <section aria-labelledby="application-title">
      <p>
        <a href="/caseload">← {t('navCaseload')}</a>
      </p>
      <h1 id="application-title">
        {t('applicationTitle')}
        {person && `: ${person.givenNames} ${person.familyNames}`}
      </h1>
      <ErrorNotice error={error} />
      {application && (
        <>
          <dl class="facts">
            <dt>{t('status')}</dt>
            <dd data-testid="status">{application.status}</dd>
            <dt>{t('jurisdiction')}</dt>
            <dd>{application.jurisdiction}</dd>
          </dl>
          <h2>{t('deadlines')}</h2>
          <ul class="cards">
            {application.deadlines.map((deadline) => {
              const overdue = deadline.open && deadline.dueOn < now;
              return (
                <li key={`${deadline.kind}-${deadline.dueOn}`} class={`card${overdue ? ' overdue' : ''}`}>
                  <div>
                    <strong class="due">
                      {overdue && `${t('overdue')} · `}
                      {kindLabel(deadline.kind)}: {formatDate(deadline.dueOn)}
                    </strong>
                    {deadline.met && ' ✓'}
                    <br />
                    <small>{deadline.basis}</small>
                  </div>
                </li>
              );
            })}
          </ul>
          <h2>{t('timeline')}</h2>
          <ol class="timeline">
            {(application.events ?? []).map((event) => (
              <li key={event.id}>
                <strong>{formatDate(event.occurredOn)}</strong> · {kindLabel(event.type)}
                {event.outcome && ` (${kindLabel(event.outcome)})`}
                {event.late && ` · ${t('overdue')}`}
                {event.note && <p>{event.note}</p>}
              </li>
            ))}
          </ol>
          <EventForm application={application} onSaved={reload} />
          <SummaryButton href={`/asylum-applications/${application.id}/summary.pdf`} label={t('summaryPrint')} />
          <NotesPanel personId={application.personId} />
        </>
      )}
    </section>
  );
}

function EventForm({ application, onSaved }: { application: Application; onSaved: () => void }) {
  const [type, setType] = useState('');
  const [occurredOn, setOccurredOn] = useState(today());
  const [notifiedOn, setNotifiedOn] = useState('');
  const [outcome, setOutcome] = useState('');
  const [viaRepresentative, setViaRepresentative] = useState(false);
  const [lateJustification, setLateJustification] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  if (application.allowedEvents.length === 0) return <p>{t('noEventsAllowed')}</p>;
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      await post(`/asylum-applications/${application.id}/events`, {
        type,
        occurredOn,
        ...(notifiedOn && WITH_NOTIFICATION.includes(type) ? { notifiedOn } : {}),
        ...(WITH_OUTCOME.includes(type) && outcome ? { outcome } : {}),
        ...(type === 'filed' ? { viaRepresentative } : {}),
        ...(lateJustification.trim() ? { lateJustification: lateJustification.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setSaved(true);
      setType('');
      setNote('');
      setLateJustification('');
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby="event-title">
      <h2 id="event-title">{t('nextEvent')}</h2>
      {saved && <Notice kind="ok">{t('eventSaved')}</Notice>}
      <ErrorNotice error={error} />
      <Select
        label={t('eventType')}
        required
        placeholder="—"
        options={application.allowedEvents.map((code) => ({ value: code, label: kindLabel(code) }))}
        value={type}
        onChange={(event) => setType(event.currentTarget.value)}
      />
      <Field
        label={t('occurredOnEvent')}
        type="date"
        required
        max={today()}
        value={occurredOn}
        onInput={(event) => setOccurredOn(event.currentTarget.value)}
      />
      {WITH_OUTCOME.includes(type) && (
        <>
          <Select
            label={t('outcome')}
            required
            placeholder="—"
            options={(OUTCOMES[application.jurisdiction] ?? []).map((code) => ({
              value: code,
              label: kindLabel(code),
            }))}
            value={outcome}
            onChange={(event) => setOutcome(event.currentTarget.value)}
          />
        </>
      )}
      {WITH_NOTIFICATION.includes(type) && (
        <Field
          label={t('notifiedOn')}
          type="date"
          max={today()}
          value={notifiedOn}
          onInput={(event) => setNotifiedOn(event.currentTarget.value)}
        />
      )}
      {type === 'filed' && (
        <Checkbox
          label={t('viaRepresentative')}
          checked={viaRepresentative}
          onChange={(event) => setViaRepresentative(event.currentTarget.checked)}
        />
      )}
      <TextArea
        label={t('lateJustification')}
        value={lateJustification}
        onInput={(event) => setLateJustification(event.currentTarget.value)}
      />
      <TextArea label={t('note')} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
      <button type="submit">{t('save')}</button>
    </form>
  );
}
