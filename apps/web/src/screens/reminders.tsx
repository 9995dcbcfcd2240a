import { api, get, Page } from '../api';
import { useApp } from '../context';
import { formatDate, formatDateTime, t } from '../i18n';
import { usePath } from '../router';
import { ErrorNotice, useLoad } from '../ui';
import { useLabels } from '../vocabulary-labels';
import { daysLeftText } from './application';

interface Reminder {
  id: string;
  applicationId: string;
  deadlineKind: string;
  dueOn: string;
  threshold: number;
  createdAt: string;
  readAt: string | null;
}

/** The header's link to the reminders, with how many are unread; counted again on every screen change. */
export function RemindersLink() {
  const path = usePath();
  const { version } = useApp();
  const [count] = useLoad(() => get<{ unread: number }>('/reminders/unread-count'), [path, version]);
  const unread = count?.unread ?? 0;
  return (
    <a
      href="/reminders"
      class="reminders-link"
      data-testid="reminders-link"
      aria-current={path === '/reminders' ? 'page' : undefined}
    >
      {t('remindersLink')}
      {unread > 0 && (
        <span class="badge" data-testid="unread-count">
          {unread}
          <span class="visually-hidden"> {t('unreadSuffix')}</span>
        </span>
      )}
    </a>
  );
}

/** The caller's reminders, newest first: unread ones marked, each read on opening its application. */
export function Reminders() {
  const { changed } = useApp();
  const [page, error, reload] = useLoad(() => get<Page<Reminder>>('/reminders?limit=100'), []);
  const kinds = useLabels('deadline-kinds');
  const markRead = async (reminder: Reminder) => {
    if (reminder.readAt) return;
    await api('POST', `/reminders/${reminder.id}/read`).catch(() => undefined);
    changed();
  };
  const items = page?.items ?? [];
  return (
    <section aria-labelledby="reminders-title">
      <h1 id="reminders-title">{t('remindersTitle')}</h1>
      <ErrorNotice error={error} />
      {!page && !error && <p>{t('loading')}</p>}
      {page && items.length === 0 && <p>{t('noReminders')}</p>}
      <ul class="cards">
        {items.map((reminder) => (
          <li
            key={reminder.id}
            class={`card column${reminder.readAt ? '' : ' unread'}`}
            data-testid="reminder"
            data-unread={reminder.readAt ? 'false' : 'true'}
          >
            <strong>
              {!reminder.readAt && `${t('unreadMark')} · `}
              {kinds.label(reminder.deadlineKind)}: {formatDate(reminder.dueOn)} · {daysLeftText(reminder.dueOn)}
            </strong>
            <small>{t('remindedAt', { at: formatDateTime(reminder.createdAt) })}</small>
            <div class="actions wrap">
              <a href={`/applications/${reminder.applicationId}`} onClick={() => void markRead(reminder)}>
                {t('openApplication')}
              </a>
              {!reminder.readAt && (
                <button type="button" class="link" onClick={() => markRead(reminder).then(reload)}>
                  {t('markRead')}
                  <span class="visually-hidden">
                    {' '}
                    {kinds.label(reminder.deadlineKind)} {formatDate(reminder.dueOn)}
                  </span>
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
