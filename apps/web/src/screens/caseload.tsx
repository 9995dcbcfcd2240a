import { useEffect, useState } from 'preact/hooks';

import { get, Page, query } from '../api';
import { useApp } from '../context';
import { formatDate, t } from '../i18n';
import { ErrorNotice, today, useLoad } from '../ui';

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

export const kindLabel = (kind: string): string => kind.replace(/_/g, ' ');

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
  const now = today();
  return (
    <section aria-labelledby="caseload-title">
      <h1 id="caseload-title">{t('caseloadTitle')}</h1>
      <ErrorNotice error={error} />
      {!page && !error && <p>{t('loading')}</p>}
      {page && deadlines.length === 0 && <p>{t('noDeadlines')}</p>}
      <ul class="cards" data-testid="caseload">
        {deadlines.map((deadline) => {
          const overdue = deadline.dueOn < now;
          return (
            <li
              key={`${deadline.applicationId}-${deadline.kind}-${deadline.dueOn}`}
              class={`card${overdue ? ' overdue' : ''}`}
              data-overdue={overdue ? 'true' : 'false'}
            >
              <div>
                <strong class="due">
                  {overdue && `${t('overdue')} · `}
                  {t('dueOn')} {formatDate(deadline.dueOn)}
                </strong>
                <br />
                <span>
                  {kindLabel(deadline.kind)} · {names[deadline.personId] ?? '…'} · {deadline.jurisdiction} ·{' '}
                  {deadline.status}
                </span>
                <br />
                <small>{deadline.basis}</small>
              </div>
              <a href={`/applications/${deadline.applicationId}`}>
                {t('open')}
                <span class="visually-hidden">
                  : {t('application')} {names[deadline.personId] ?? ''}
                </span>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
