import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

import { forgetVocabularies, get, Page, post } from './api';
import { AppContext, AppState, Shelter, useApp } from './context';
import { getLanguage, onLanguageChange, t, type MessageKey } from './i18n';
import { flushPendingIntakes, IntakeAnswer, lockQueue, queueUnlocked } from './offline-queue';
import { navigate, onLinkClick, usePath } from './router';
import { Account, EnrollmentRequired } from './screens/account';
import { AdminExports } from './screens/admin-exports';
import { AdminPartners, AdminShelters, AdminUsers } from './screens/admin';
import { ApplicationPage } from './screens/application';
import { Caseload } from './screens/caseload';
import { Dashboard } from './screens/dashboard';
import { Desk, useQueueUnlocked } from './screens/desk';
import { IncidentForm } from './screens/incident-form';
import { Login } from './screens/login';
import { NewApplication } from './screens/new-application';
import { PartnerExports, PartnerInbox } from './screens/partner';
import { PersonPage, PersonSearch } from './screens/person';
import { ReferralForm } from './screens/referral-form';
import { Reminders, RemindersLink } from './screens/reminders';
import { Residents } from './screens/residents';
import { Review } from './screens/review';
import { getSession, onSessionChange, Role, Session, setSession } from './session';
import { LanguageSwitch, Notice, Revealed, useLoad } from './ui';

interface Screen {
  path: string;
  label: MessageKey;
  roles: Role[];
  component: ComponentType<{ params: string[] }>;
  /** Hidden from the navigation (reached from another screen). */
  hidden?: boolean;
}

const DESK: Role[] = ['admin', 'coordinator', 'shelter_worker'];

const SCREENS: Screen[] = [
  { path: '/desk', label: 'navDesk', roles: DESK, component: Desk },
  { path: '/residents', label: 'navResidents', roles: DESK, component: Residents },
  { path: '/persons', label: 'navPersons', roles: [...DESK, 'lawyer'], component: PersonSearch },
  { path: '/persons/:id', label: 'personTitle', roles: [...DESK, 'lawyer'], component: PersonPage, hidden: true },
  { path: '/incidents/new', label: 'navIncident', roles: DESK, component: IncidentForm },
  { path: '/referrals/new', label: 'navReferral', roles: DESK, component: ReferralForm },
  { path: '/review', label: 'navReview', roles: ['admin', 'coordinator'], component: Review },
  { path: '/dashboard', label: 'navDashboard', roles: ['admin', 'coordinator'], component: Dashboard },
  { path: '/caseload', label: 'navCaseload', roles: ['admin', 'coordinator', 'lawyer'], component: Caseload },
  {
    path: '/applications/new',
    label: 'navNewApplication',
    roles: ['admin', 'coordinator', 'lawyer'],
    component: NewApplication,
  },
  { path: '/reminders', label: 'remindersTitle', roles: ['lawyer'], component: Reminders, hidden: true },
  { path: '/inbox', label: 'navInbox', roles: ['partner'], component: PartnerInbox },
  { path: '/exports', label: 'navPartnerExports', roles: ['partner'], component: PartnerExports },
  {
    path: '/applications/:id',
    label: 'navCaseload',
    roles: ['admin', 'coordinator', 'lawyer'],
    component: ApplicationPage,
    hidden: true,
  },
  { path: '/admin/users', label: 'navUsers', roles: ['admin'], component: AdminUsers },
  { path: '/admin/shelters', label: 'navShelters', roles: ['admin'], component: AdminShelters },
  { path: '/admin/partners', label: 'navPartners', roles: ['admin'], component: AdminPartners },
  { path: '/admin/exports', label: 'navExports', roles: ['admin'], component: AdminExports },
  {
    path: '/account',
    label: 'navAccount',
    roles: ['admin', 'coordinator', 'shelter_worker', 'lawyer', 'partner'],
    component: Account,
  },
];

const HOME: Record<Role, string> = {
  admin: '/admin/users',
  coordinator: '/desk',
  shelter_worker: '/desk',
  lawyer: '/caseload',
  partner: '/inbox',
};

/** The screen of a path and the values of its `:params`. */
function match(path: string): { screen: Screen; params: string[] } | null {
  for (const screen of SCREENS) {
    const pattern = new RegExp(`^${screen.path.replace(/:\w+/g, '([^/]+)')}/?$`);
    const found = pattern.exec(path);
    if (found) return { screen, params: found.slice(1).map(decodeURIComponent) };
  }
  return null;
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

export function App() {
  const [session, setCurrent] = useState<Session | null>(getSession());
  const [language, setLang] = useState(getLanguage());
  useEffect(() => onSessionChange(setCurrent), []);
  useEffect(() => onLanguageChange(() => setLang(getLanguage())), []);
  useEffect(() => {
    document.addEventListener('click', onLinkClick);
    return () => document.removeEventListener('click', onLinkClick);
  }, []);
  return (
    <>
      <a class="skip" href="#main">
        {t('skipToContent')}
      </a>
      {session ? <SignedIn session={session} language={language} /> : <Login />}
    </>
  );
}

/**
 * Installs the offline shell (src/sw.ts): at start and again once signed in (registering twice is
 * harmless). A build only (mode, not NODE_ENV, which tests set): the development server has no /sw.js.
 */
export function registerOfflineShell(): void {
  if (import.meta.env.MODE !== 'production' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
}

function SignedIn({ session, language }: { session: Session; language: AppState['language'] }) {
  const path = usePath();
  const online = useOnline();
  const [version, setVersion] = useState(0);
  const [chosenShelter, setChosenShelter] = useState<string | null>(null);
  const role = session.user.role;
  // Until a user whose role needs two-factor has turned it on, the API opens only /me and /auth.
  const enrolling = session.mfaEnrollmentRequired === true;
  const [shelterPage] = useLoad<Page<Shelter>>(
    () =>
      DESK.includes(role) && !enrolling
        ? get<Page<Shelter>>('/shelters')
        : Promise.resolve({ items: [], nextCursor: null }),
    [session.user.id, enrolling],
  );
  const shelters = shelterPage?.items ?? [];
  // Offline after a reload the list cannot load: the shelters named in the session stand in for it.
  const shelterId = chosenShelter ?? shelters[0]?.id ?? session.user.shelterIds[0] ?? null;
  const sentLater = useSendPendingIntakes(session.user.id, online, () => setVersion((n) => n + 1));

  useEffect(() => {
    if (path === '/' || path === '/login') navigate(HOME[role], true);
  }, [path, role]);
  useEffect(registerOfflineShell, []);

  const state: AppState = {
    session,
    language,
    shelters,
    shelterId,
    version,
    changed: () => setVersion((n) => n + 1),
    online,
  };
  const found = match(path);
  const allowed = found && found.screen.roles.includes(role);
  useEffect(() => {
    document.title = found ? `${t(found.screen.label)} · ${t('appName')}` : t('appName');
  }, [found?.screen.path, language]);

  return (
    <AppContext.Provider value={state}>
      <header class="top">
        <div class="bar">
          <strong class="brand">{t('appName')}</strong>
          {shelters.length > 1 && (
            <select
              aria-label={t('shelter')}
              value={shelterId ?? ''}
              onChange={(event) => setChosenShelter(event.currentTarget.value)}
            >
              {shelters.map((shelter) => (
                <option key={shelter.id} value={shelter.id}>
                  {shelter.code}
                </option>
              ))}
            </select>
          )}
          <OccupancyBadge />
          {role === 'lawyer' && !enrolling && <RemindersLink />}
          <span class="spacer" />
          <LanguageSwitch />
          <button type="button" class="link" onClick={() => logOut(session)}>
            {t('logOut')}
          </button>
        </div>
        <nav aria-label={t('mainNavigation')}>
          {SCREENS.filter((screen) => !enrolling && !screen.hidden && screen.roles.includes(role)).map((screen) => (
            <a
              key={screen.path}
              href={screen.path}
              aria-current={found?.screen.path === screen.path ? 'page' : undefined}
            >
              {t(screen.label)}
            </a>
          ))}
        </nav>
        {!online && (
          <p class="offline" role="status">
            {t('offline')}
          </p>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <Revealed token={sentLater.length}>
          {sentLater.length > 0 && (
            <Notice kind="ok">
              {sentLater.map((answer) => (
                <p key={answer.householdId}>
                  {t('sentLater', { cases: answer.stays.map((stay) => stay.caseNumber).join(', ') })}
                </p>
              ))}
            </Notice>
          )}
        </Revealed>
        {enrolling ? (
          <EnrollmentRequired />
        ) : allowed ? (
          <found.screen.component params={found.params} />
        ) : (
          path !== '/' && <p>{t('notAvailable')}</p>
        )}
      </main>
    </AppContext.Provider>
  );
}

const RETRY_EVERY_MS = 20000;

/**
 * Sends the intakes kept on this device: at sign-in (or when the password typed again opens them),
 * when the connection returns, and every 20 s.
 */
function useSendPendingIntakes(userId: string, online: boolean, onSent: () => void): IntakeAnswer[] {
  const [sent, setSent] = useState<IntakeAnswer[]>([]);
  const unlocked = useQueueUnlocked(userId);
  useEffect(() => {
    if (!online) return;
    let live = true;
    const send = async () => {
      if (!queueUnlocked(userId)) return;
      const answers = await flushPendingIntakes(userId);
      if (live && answers.length) {
        setSent((list) => [...list, ...answers]);
        onSent();
      }
    };
    void send();
    const timer = setInterval(send, RETRY_EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [userId, online, unlocked]);
  return sent;
}

function OccupancyBadge() {
  const { shelterId, version, shelters, online } = useApp();
  const [occupancy] = useLoad(
    () =>
      shelterId
        ? get<{ present: number; capacity: number; overCapacity: boolean }>(`/shelters/${shelterId}/occupancy`)
        : Promise.resolve(null),
    [shelterId, version, online],
  );
  if (!shelterId || !occupancy) return null;
  const code = shelters.find((shelter) => shelter.id === shelterId)?.code ?? '';
  return (
    <span class={`occupancy${occupancy.overCapacity ? ' over' : ''}`} data-testid="occupancy">
      {shelters.length > 1 ? '' : `${code} · `}
      {t('occupancy', { present: occupancy.present, capacity: occupancy.capacity })}
      {occupancy.overCapacity && ` (${t('overCapacity')})`}
    </span>
  );
}

/** Logout: the session and the queue's key leave the device; a sealed queue waits for the same user's next login. */
async function logOut(session: Session): Promise<void> {
  try {
    await post('/auth/logout', { refreshToken: session.refreshToken });
  } catch {
    // Offline or already expired: the device forgets the session all the same.
  }
  lockQueue();
  forgetVocabularies();
  setSession(null);
  navigate('/login', true);
}
