import { useState } from 'preact/hooks';

import { ApiError, get, post } from '../api';
import { formatDate, formatDateTime, t } from '../i18n';
import { Checkbox, ErrorNotice, Field, Notice, Select, TextArea, today, useLoad } from '../ui';
import { useLabels } from '../vocabulary-labels';
import { NotesPanel, SummaryButton } from './notes-panel';
import { DocumentsPanel } from './documents-panel';

interface Deadline {
  kind: string;
  dueOn: string;
  basis: string;
  met: boolean;
  fulfilledOn: string | null;
  open: boolean;
  late: boolean;
  informative: boolean;
}

interface TimelineEvent {
  id: string;
  type: string;
  occurredOn: string;
  notifiedOn: string | null;
  outcome: string | null;
  viaRepresentative: boolean;
  late: boolean;
  lateJustification: string | null;
  note: string | null;
  recordedAt: string;
}

export interface Application {
  id: string;
  personId: string;
  dependentIds: string[];
  jurisdiction: string;
  office: string | null;
  enteredCountryOn: string;
  grounds: string;
  status: string;
  allowedEvents: string[];
  deadlines: Deadline[];
  events?: TimelineEvent[];
}

interface PersonName {
  id: string;
  givenNames: string;
  familyNames: string;
}

const OUTCOMES: Record<string, string[]> = {
  MX_COMAR: ['recognized', 'complementary_protection', 'denied'],
  US_AFFIRMATIVE: ['granted', 'referred_to_court', 'denied'],
  US_DEFENSIVE: ['granted', 'withholding', 'cat_protection', 'denied'],
};
const WITH_OUTCOME = ['decision', 'appeal_decision'];
/** Rulings whose notification starts the clock of a remedy against them. */
const WITH_NOTIFICATION = [...WITH_OUTCOME, 'abandoned'];
/** The deadlines a filing meets: after them, the filing needs a justification. */
const FILING_DEADLINES = ['comar_filing', 'us_one_year_filing'];

/** Whole days from today to a date (negative once it has passed). */
export function daysUntil(date: string, from = today()): number {
  return Math.round((Date.parse(`${date}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86400000);
}

/** "in 5 days", "today", "3 days ago", as the user reads it. */
export function daysLeftText(date: string): string {
  const days = daysUntil(date);
  if (days === 0) return t('dueToday');
  if (days > 0) return t(days === 1 ? 'daysLeftOne' : 'daysLeft', { n: days });
  return t(days === -1 ? 'daysOverdueOne' : 'daysOverdue', { n: -days });
}

const fullName = (person?: PersonName | null) => (person ? `${person.givenNames} ${person.familyNames}` : '');

export function ApplicationPage({ params }: { params: string[] }) {
  const [id] = params;
  const [application, error, reload] = useLoad(() => get<Application>(`/asylum-applications/${id}`), [id]);
  const ids = application ? [application.personId, ...application.dependentIds] : [];
  const [persons] = useLoad(
    () => Promise.all(ids.map((personId) => get<PersonName>(`/persons/${personId}`).catch(() => null))),
    [ids.join(',')],
  );
  const personOf = (personId: string) => persons?.find((person) => person?.id === personId);
  const jurisdictions = useLabels('jurisdictions');
  const grounds = useLabels('asylum-grounds');
  const statuses = useLabels('asylum-statuses');
  const kinds = useLabels('deadline-kinds');
  const types = useLabels('asylum-event-types');
  const outcomes = useLabels('decision-outcomes');
  const own = application?.deadlines.filter((deadline) => !deadline.informative) ?? [];
  const informative = application?.deadlines.filter((deadline) => deadline.informative) ?? [];

  const deadlineCard = (deadline: Deadline) => {
    const overdue = deadline.open && daysUntil(deadline.dueOn) < 0;
    return (
      <li
        key={`${deadline.kind}-${deadline.dueOn}`}
        class={`card column${overdue ? ' overdue' : ''}${deadline.informative ? ' informative' : ''}`}
        data-testid="deadline"
      >
        <strong class="due">
          {kinds.label(deadline.kind)}: {formatDate(deadline.dueOn)}
        </strong>
        {deadline.open ? (
          <span class="days-left">{daysLeftText(deadline.dueOn)}</span>
        ) : deadline.fulfilledOn ? (
          <span>
            {t(deadline.late ? 'deadlineMetLate' : 'deadlineMet', { date: formatDate(deadline.fulfilledOn) })}
          </span>
        ) : (
          <span>{t('deadlineClosed')}</span>
        )}
        <small>{deadline.basis}</small>
      </li>
    );
  };

  return (
    <section aria-labelledby="application-title">
      <p>
        <a href="/caseload">← {t('navCaseload')}</a>
      </p>
      <h1 id="application-title">
        {t('applicationTitle')}
        {application && persons && `: ${fullName(personOf(application.personId))}`}
      </h1>
      <ErrorNotice error={error} />
      {application && (
        <>
          <dl class="facts application-facts">
            <dt>{t('applicant')}</dt>
            <dd data-testid="applicant">{fullName(personOf(application.personId))}</dd>
            <dt>{t('dependents')}</dt>
            <dd data-testid="dependents">
              {application.dependentIds.length === 0
                ? t('none')
                : application.dependentIds.map((personId) => fullName(personOf(personId))).join(', ')}
            </dd>
            <dt>{t('status')}</dt>
            <dd data-testid="status">{statuses.label(application.status)}</dd>
            <dt>{t('jurisdiction')}</dt>
            <dd>{jurisdictions.label(application.jurisdiction)}</dd>
            <dt>{t('grounds')}</dt>
            <dd>{grounds.label(application.grounds)}</dd>
            <dt>{t('office')}</dt>
            <dd>{application.office ?? t('officeUnknown')}</dd>
            <dt>{t('enteredCountryOn')}</dt>
            <dd>{formatDate(application.enteredCountryOn)}</dd>
          </dl>
          <h2>{t('deadlines')}</h2>
          {own.length === 0 ? <p>{t('noDeadlines')}</p> : <ul class="cards">{own.map(deadlineCard)}</ul>}
          {informative.length > 0 && (
            <>
              <h2>{t('informativeDeadlines')}</h2>
              <p>{t('informativeDeadlinesHint')}</p>
              <ul class="cards" data-testid="informative-deadlines">
                {informative.map(deadlineCard)}
              </ul>
            </>
          )}
          <h2>{t('timeline')}</h2>
          {(application.events ?? []).length === 0 && <p>{t('noEventsYet')}</p>}
          <ol class="timeline" data-testid="timeline">
            {(application.events ?? []).map((event) => (
              <li key={event.id}>
                <strong>{formatDate(event.occurredOn)}</strong> · {types.label(event.type)}
                {event.outcome && ` · ${outcomes.label(event.outcome)}`}
                {event.viaRepresentative && ` · ${t('viaRepresentative')}`}
                {event.late && <strong class="late-hint"> · {t('filedLate')}</strong>}
                {event.notifiedOn && (
                  <div>
                    <small>{t('notifiedOnText', { date: formatDate(event.notifiedOn) })}</small>
                  </div>
                )}
                {event.lateJustification && (
                  <p>
                    <strong>{t('lateJustificationShown')}:</strong> {event.lateJustification}
                  </p>
                )}
                {event.note && (
                  <p>
                    <strong>{t('note')}:</strong> {event.note}
                  </p>
                )}
                <div>
                  <small>{t('recordedAt', { at: formatDateTime(event.recordedAt) })}</small>
                </div>
              </li>
            ))}
          </ol>
          <EventForm application={application} onSaved={reload} typeLabel={types.label} outcomeLabel={outcomes.label} />
          {/* Panels of other areas (documents, notes) are mounted below this line, one per line. */}
          <SummaryButton href={`/asylum-applications/${application.id}/summary.pdf`} label={t('summaryPrint')} />
          <NotesPanel personId={application.personId} />
          <DocumentsPanel ownerType="asylum_application" ownerId={application.id} />
        </>
      )}
    </section>
  );
}

function EventForm(props: {
  application: Application;
  onSaved: () => void;
  typeLabel: (code: string) => string;
  outcomeLabel: (code: string) => string;
}) {
  const { application } = props;
  const [type, setType] = useState('');
  const [occurredOn, setOccurredOn] = useState(today());
  const [notifiedOn, setNotifiedOn] = useState('');
  const [outcome, setOutcome] = useState('');
  const [viaRepresentative, setViaRepresentative] = useState(false);
  const [lateJustification, setLateJustification] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [refusedLate, setRefusedLate] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (application.allowedEvents.length === 0) return <p>{t('noEventsAllowed')}</p>;

  const filingDeadline = application.deadlines.find(
    (deadline) => FILING_DEADLINES.includes(deadline.kind) && deadline.open,
  );
  // The API has the last word (a closure may move the deadline): its refusal also shows the field.
  const lateBy =
    type === 'filed'
      ? (refusedLate ?? (filingDeadline && occurredOn > filingDeadline.dueOn ? filingDeadline.dueOn : null))
      : null;

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
        ...(lateBy && lateJustification.trim() ? { lateJustification: lateJustification.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setSaved(true);
      setType('');
      setNote('');
      setLateJustification('');
      setRefusedLate(null);
      props.onSaved();
    } catch (failure) {
      if (failure instanceof ApiError && failure.problem.type?.endsWith(':late_filing_needs_justification')) {
        const deadline = (failure.problem as { filingDeadline?: string }).filingDeadline;
        setRefusedLate(deadline ?? filingDeadline?.dueOn ?? occurredOn);
        setTimeout(() => document.getElementById('late-justification')?.focus(), 0);
      } else {
        setError(failure);
      }
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
        options={application.allowedEvents.map((code) => ({ value: code, label: props.typeLabel(code) }))}
        value={type}
        onChange={(event) => setType(event.currentTarget.value)}
      />
      <Field
        label={t('occurredOnEvent')}
        type="date"
        required
        min={application.enteredCountryOn}
        max={today()}
        value={occurredOn}
        onInput={(event) => setOccurredOn(event.currentTarget.value)}
      />
      {WITH_OUTCOME.includes(type) && (
        <Select
          label={t('outcome')}
          required
          placeholder="—"
          options={(OUTCOMES[application.jurisdiction] ?? []).map((code) => ({
            value: code,
            label: props.outcomeLabel(code),
          }))}
          value={outcome}
          onChange={(event) => setOutcome(event.currentTarget.value)}
        />
      )}
      {WITH_NOTIFICATION.includes(type) && (
        <Field
          label={t('notifiedOn')}
          type="date"
          max={today()}
          hint={t('notifiedOnHint')}
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
      {lateBy && (
        <div class="field">
          <p class="late-hint" id="late-justification-why" role={refusedLate ? 'alert' : undefined}>
            {t('lateFilingExplain', { date: formatDate(lateBy) })}
          </p>
          <label for="late-justification">{t('lateJustification')}</label>
          <textarea
            id="late-justification"
            rows={4}
            required
            aria-describedby="late-justification-why"
            value={lateJustification}
            onInput={(event) => setLateJustification(event.currentTarget.value)}
          />
        </div>
      )}
      <TextArea label={t('note')} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
      <button type="submit">{t('save')}</button>
    </form>
  );
}
