import { useEffect, useState } from 'preact/hooks';

import { api, get, Page, query, request } from '../api';
import { formatDate, formatDateTime, getLanguage, t, tCode } from '../i18n';
import { nationalityOptions } from '../nationalities';
import { ErrorNotice, Notice, Select, TextArea, useLoad } from '../ui';
import { useLabels } from '../vocabulary-labels';

interface InboxReferral {
  id: string;
  serviceId: string;
  urgency: string;
  status: string;
  reason: string;
  overdue: boolean;
  createdAt: string;
  /** Only the fields the person agreed to share with this organization. */
  person: {
    givenNames?: string;
    familyNames?: string;
    sex?: string;
    birthDate?: string;
    birthYear?: number;
    nationality?: string;
    languages?: string[];
    phone?: string;
  };
}

interface DirectoryService {
  id: string;
  name: string;
}

export const REFERRAL_STATUSES = ['pending', 'accepted', 'declined', 'completed', 'no_show', 'cancelled'];

/** What the receiving organization may answer at each status (the lifecycle of Referrals). */
const ANSWERS: Record<
  string,
  { status: string; label: 'answerAccept' | 'answerDecline' | 'answerCompleted' | 'answerNoShow' }[]
> = {
  pending: [
    { status: 'accepted', label: 'answerAccept' },
    { status: 'declined', label: 'answerDecline' },
  ],
  accepted: [
    { status: 'completed', label: 'answerCompleted' },
    { status: 'no_show', label: 'answerNoShow' },
  ],
};

/** The partner's referral inbox: referrals to its organization's services, with only the shared person fields. */
export function PartnerInbox() {
  const [status, setStatus] = useState('');
  const [page, error, reload] = useLoad(
    () => get<Page<InboxReferral>>(`/referrals/inbox${query({ status, limit: 200 })}`),
    [status],
  );
  const [services] = useLoad(() => get<Page<DirectoryService>>('/services'), []);
  const statuses = useLabels('referral-statuses');
  const serviceName = (id: string) => services?.items.find((service) => service.id === id)?.name ?? '';
  const items = page?.items ?? [];
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('inboxTitle')}</h1>
      <Select
        label={t('filterByStatus')}
        placeholder={t('allStatuses')}
        options={statuses.options(REFERRAL_STATUSES)}
        value={status}
        onChange={(event) => setStatus(event.currentTarget.value)}
      />
      <ErrorNotice error={error} />
      {!page && !error && <p>{t('loading')}</p>}
      {page && items.length === 0 && <p>{t('inboxEmpty')}</p>}
      <ul class="cards" data-testid="inbox">
        {items.map((item) => (
          <InboxCard
            key={item.id}
            item={item}
            service={serviceName(item.serviceId)}
            statusLabel={statuses.label(item.status)}
            onChanged={reload}
          />
        ))}
      </ul>
    </section>
  );
}

function InboxCard(props: { item: InboxReferral; service: string; statusLabel: string; onChanged: () => void }) {
  const { item } = props;
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [answered, setAnswered] = useState(false);
  const person = item.person;
  const name = [person.givenNames, person.familyNames].filter(Boolean).join(' ');
  const nationality = person.nationality
    ? (nationalityOptions(getLanguage(), [person.nationality])[0]?.label ?? person.nationality)
    : null;
  const answer = async (status: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `/referrals/${item.id}/status`, { status, ...(note.trim() ? { note: note.trim() } : {}) });
      setNote('');
      setAnswered(true);
      props.onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const titleId = `referral-${item.id}`;
  return (
    <li class={`card column${item.overdue ? ' overdue' : ''}`} data-testid="inbox-item" aria-labelledby={titleId}>
      <h2 id={titleId} class="card-title">
        {name || t('nameNotShared')}
      </h2>
      <span>
        {props.service} · {tCode('urgency', item.urgency)} ·{' '}
        <span data-testid="referral-status">{props.statusLabel}</span>
        {item.overdue && <strong class="due"> · {t('referralOverdue')}</strong>}
      </span>
      <small>{t('referredOn', { date: formatDate(item.createdAt) })}</small>
      <dl class="facts">
        {person.sex && (
          <>
            <dt>{t('sex')}</dt>
            <dd>{tCode('sex', person.sex)}</dd>
          </>
        )}
        {person.birthDate && (
          <>
            <dt>{t('birthDate')}</dt>
            <dd>{formatDate(person.birthDate)}</dd>
          </>
        )}
        {person.birthYear !== undefined && !person.birthDate && (
          <>
            <dt>{t('sharedBirthYear')}</dt>
            <dd>{person.birthYear}</dd>
          </>
        )}
        {nationality && (
          <>
            <dt>{t('nationality')}</dt>
            <dd>{nationality}</dd>
          </>
        )}
        {person.languages && person.languages.length > 0 && (
          <>
            <dt>{t('sharedLanguages')}</dt>
            <dd>{person.languages.join(', ')}</dd>
          </>
        )}
        {person.phone && (
          <>
            <dt>{t('phone')}</dt>
            <dd>{person.phone}</dd>
          </>
        )}
        <dt>{t('referralReason')}</dt>
        <dd>{item.reason}</dd>
      </dl>
      {answered && <Notice kind="ok">{t('answerSaved')}</Notice>}
      <ErrorNotice error={error} />
      {ANSWERS[item.status] && (
        <div>
          <TextArea
            label={t('answerNote')}
            rows={2}
            value={note}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
          <div class="actions wrap">
            {ANSWERS[item.status].map((choice) => (
              <button
                key={choice.status}
                type="button"
                class={choice.status === 'accepted' || choice.status === 'completed' ? '' : 'secondary'}
                disabled={busy}
                onClick={() => answer(choice.status)}
              >
                {t(choice.label)}
              </button>
            ))}
          </div>
        </div>
      )}
    </li>
  );
}

export interface ExportItem {
  id: string;
  partnerId: string;
  dataset: string;
  format: string;
  from: string;
  to: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  progress: number;
  rowCount: number | null;
  error?: string;
  createdAt: string;
  completedAt: string | null;
}

/** Saves an export's encrypted file (OpenPGP, readable only with the partner's private key). */
export async function downloadExport(item: ExportItem): Promise<void> {
  const response = await request('GET', `/exports/${item.id}/download`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `albergue-${item.dataset}-${item.from}-${item.to}.${item.format === 'json' ? 'json' : 'csv'}.pgp`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** The exports of `GET /exports`, newest first, refreshed while any is queued or running. */
export function useExports(partnerId = '') {
  const [round, setRound] = useState(0);
  const [page, error, reload] = useLoad(
    () => get<Page<ExportItem>>(`/exports${query({ partnerId, limit: 100 })}`),
    [partnerId, round],
  );
  const busy = (page?.items ?? []).some((item) => item.status === 'queued' || item.status === 'running');
  useEffect(() => {
    if (!busy) return;
    const timer = setTimeout(() => setRound((n) => n + 1), 1500);
    return () => clearTimeout(timer);
  }, [page, busy]);
  return { items: page?.items, error, reload };
}

/** One export as a card: dataset, period, status, rows, and the download once it is complete. */
export function ExportCard({
  item,
  partnerName,
  heading: Heading = 'h2',
}: {
  item: ExportItem;
  partnerName?: string;
  /** The card's heading level under the page's own headings. */
  heading?: 'h2' | 'h3';
}) {
  const datasets = useLabels('datasets');
  const formats = useLabels('export-formats');
  const statuses = useLabels('export-statuses');
  const [error, setError] = useState<unknown>();
  const titleId = `export-${item.id}`;
  return (
    <li class="card column" data-testid="export-item" aria-labelledby={titleId}>
      <Heading id={titleId} class="card-title">
        {datasets.label(item.dataset)} · {formatDate(item.from)} – {formatDate(item.to)}
      </Heading>
      <span>
        {partnerName && `${partnerName} · `}
        {formats.label(item.format)} · <span data-testid="export-status">{statuses.label(item.status)}</span>
        {item.rowCount !== null && ` · ${t('rows', { n: item.rowCount })}`}
      </span>
      <small>{t('exportRequestedAt', { at: formatDateTime(item.createdAt) })}</small>
      {(item.status === 'queued' || item.status === 'running') && (
        <progress max={100} value={item.progress} aria-label={t('progress')} />
      )}
      {item.error && <span class="danger">{item.error}</span>}
      <ErrorNotice error={error} />
      {item.status === 'completed' && (
        <button
          type="button"
          class="secondary"
          onClick={() => downloadExport(item).catch((failure: unknown) => setError(failure))}
        >
          {t('download')}
          <span class="visually-hidden">
            {' '}
            {datasets.label(item.dataset)} {formatDate(item.from)}
          </span>
        </button>
      )}
    </li>
  );
}

/** The partner's exports: every file sent to its organization, encrypted to its key. */
export function PartnerExports() {
  const { items, error } = useExports();
  return (
    <section aria-labelledby="partner-exports-title">
      <h1 id="partner-exports-title">{t('partnerExportsTitle')}</h1>
      <p>{t('partnerExportsIntro')}</p>
      <ErrorNotice error={error} />
      {!items && !error && <p>{t('loading')}</p>}
      {items && items.length === 0 && <p>{t('noExports')}</p>}
      <ul class="cards">
        {items?.map((item) => (
          <ExportCard key={item.id} item={item} />
        ))}
      </ul>
    </section>
  );
}
