import { useEffect, useState } from 'preact/hooks';

import { get, Page, query } from '../api';
import { useApp } from '../context';
import { formatDate, t } from '../i18n';
import { ErrorNotice, today, useLoad } from '../ui';
import { useLabels } from '../vocabulary-labels';
import { daysLeftText } from './application';

interface OpenDeadline {
  applicationId: string;
  personId: string;
  kind: string;
  dueOn: string;
  basis: string;
  jurisdiction: string;
  status: string;
  informative: boolean;
}

interface PersonName {
  givenNames: string;
  familyNames: string;
}

/** Names of the persons on the caseload, each read once (the API audits every read). */
function usePersonNames(ids: string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let live = true;
    for (const id of new Set(ids)) {
      if (names[id]) continue;
      get<PersonName>(`/persons/${id}`)
        .then(
          (person) => live && setNames((known) => ({ ...known, [id]: `${person.givenNames} ${person.familyNames}` })),
        )
        .catch(() => undefined);
    }
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

/** The lawyer's open deadlines, soonest first (the API's order), overdue ones in red. */
export function Caseload() {
  const { session } = useApp();
  const lawyerId = session.user.role === 'lawyer' ? session.user.id : undefined;
  const [page, error] = useLoad(
    () => get<Page<OpenDeadline>>(`/deadlines${query({ lawyerId, limit: 500 })}`),
    [lawyerId],
  );
  const deadlines = page?.items ?? [];
  const names = usePersonNames(deadlines.map((deadline) => deadline.personId));
  const kinds = useLabels('deadline-kinds');
  const jurisdictions = useLabels('jurisdictions');
  const statuses = useLabels('asylum-statuses');
  const now = today();
  // COMAR's term to decide is informative: not the lawyer's to meet, so it is listed apart, after hers.
  const own = deadlines.filter((deadline) => !deadline.informative);
  const informative = deadlines.filter((deadline) => deadline.informative);
  const card = (deadline: OpenDeadline) => {
    const overdue = !deadline.informative && deadline.dueOn < now;
    return (
      <li
        key={`${deadline.applicationId}-${deadline.kind}-${deadline.dueOn}`}
        class={`card${overdue ? ' overdue' : ''}${deadline.informative ? ' informative' : ''}`}
        data-overdue={overdue ? 'true' : 'false'}
      >
        <div>
          <strong class="due">
            {overdue && `${t('overdue')} · `}
            {t('dueOn')} {formatDate(deadline.dueOn)} · {daysLeftText(deadline.dueOn)}
          </strong>
          <br />
          <span>
            {kinds.label(deadline.kind)} · {names[deadline.personId] ?? '…'} ·{' '}
            {jurisdictions.label(deadline.jurisdiction)} · {statuses.label(deadline.status)}
          </span>
          <br />
          <small>{deadline.basis}</small>
        </div>
        <a href={`/applications/${deadline.applicationId}`}>
          {t('open')}
          <span class="visually-hidden">
            : {t('application')} {names[deadline.personId] ?? ''} {kinds.label(deadline.kind)}
          </span>
        </a>
      </li>
    );
  };
  return (
    <section aria-labelledby="caseload-title">
      <h1 id="caseload-title">{t('caseloadTitle')}</h1>
      <p>
        <a href="/applications/new">{t('navNewApplication')}</a>
      </p>
      <ErrorNotice error={error} />
      {!page && !error && <p>{t('loading')}</p>}
      {page && own.length === 0 && <p>{t('noDeadlines')}</p>}
      <ul class="cards" data-testid="caseload">
        {own.map(card)}
      </ul>
      {informative.length > 0 && (
        <>
          <h2>{t('informativeDeadlines')}</h2>
          <p>{t('informativeDeadlinesHint')}</p>
          <ul class="cards" data-testid="caseload-informative">
            {informative.map(card)}
          </ul>
        </>
      )}
    </section>
  );
}
