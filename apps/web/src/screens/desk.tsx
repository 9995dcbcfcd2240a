import { useEffect, useRef, useState } from 'preact/hooks';

import { minorStatuses, personAgeOn } from '../age';
import { ApiError, get, query } from '../api';
import { useApp } from '../context';
import { formatDate, t, type MessageKey } from '../i18n';
import {
  discardIntake,
  enqueueIntake,
  flushPendingIntakes,
  IntakeAnswer,
  onQueueChange,
  pendingCount,
  pendingIntakes,
  PendingIntake,
  queueUnlocked,
  sendIntake,
  unlockQueue,
  worthRetrying,
} from '../offline-queue';
import { nationalityOptions } from '../nationalities';
import {
  CheckboxGroup,
  ErrorNotice,
  Field,
  localDateTimeNow,
  Notice,
  Revealed,
  Select,
  SexSelect,
  TextArea,
  useVocabulary,
  withOffset,
} from '../ui';

interface MemberDraft {
  uid: number;
  personId?: string;
  matchedName?: string;
  /** The birth year of the record used (exact or estimated): read as estimated, the youngest age. */
  matchedBirthYear?: number | null;
  /** Suggested earlier records the worker said are someone else. */
  dismissed: string[];
  givenNames: string;
  familyNames: string;
  sex: string;
  birthDate: string;
  birthYear: string;
  nationality: string;
  phone: string;
  relationship: string;
}

interface Match {
  person: {
    id: string;
    givenNames: string;
    familyNames: string;
    birthYear: number | null;
    nationality: string;
    lastShelterCode: string | null;
    lastStayOn: string | null;
  };
  score: number;
}

let nextUid = 1;
const newMember = (relationship: string, nationality = ''): MemberDraft => ({
  uid: nextUid++,
  dismissed: [],
  givenNames: '',
  familyNames: '',
  sex: '',
  birthDate: '',
  birthYear: '',
  nationality,
  phone: '',
  relationship,
});

/** A random key per registration: crypto.randomUUID where the page is a secure context, else 128 random bits. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function memberBody(member: MemberDraft) {
  if (member.personId) return { personId: member.personId, relationship: member.relationship };
  return {
    person: {
      givenNames: member.givenNames.trim(),
      familyNames: member.familyNames.trim(),
      sex: member.sex,
      ...(member.birthDate
        ? { birthDate: member.birthDate }
        : member.birthYear
          ? { estimatedBirthYear: Number(member.birthYear) }
          : {}),
      nationality: member.nationality,
      ...(member.phone.trim() ? { phone: member.phone.trim() } : {}),
    },
    relationship: member.relationship,
  };
}

/** What the intake knows of a member's birth while it is typed: the same facts the API reads. */
function birthFactsOf(member: MemberDraft): { birthDate: string | null; estimatedBirthYear: number | null } {
  if (member.personId) return { birthDate: null, estimatedBirthYear: member.matchedBirthYear ?? null };
  if (member.birthDate) return { birthDate: member.birthDate, estimatedBirthYear: null };
  const year = Number(member.birthYear);
  const valid = /^\d{4}$/.test(member.birthYear) && year >= 1900 && year <= new Date().getFullYear();
  return { birthDate: null, estimatedBirthYear: valid ? year : null };
}

/** The API's answer that a member is still in a shelter: which member, where, and whether the caller works there. */
interface OpenStayConflict {
  memberIndex: number;
  shelterCode: string;
  caseNumber: string | null;
  mayTransfer: boolean;
}

function openStayConflictOf(failure: unknown, shelterCodes: string[]): OpenStayConflict | null {
  if (!(failure instanceof ApiError) || !/open_stay_elsewhere$/.test(failure.problem.type ?? '')) return null;
  const openStay = (
    failure.problem as { openStay?: { id: string | null; caseNumber: string | null; shelterCode: string } }
  ).openStay;
  const field = failure.problem.errors?.[0]?.field ?? '';
  const memberIndex = Number(/members\[(\d+)\]/.exec(field)?.[1] ?? 0);
  if (!openStay) return null;
  return {
    memberIndex,
    shelterCode: openStay.shelterCode,
    caseNumber: openStay.caseNumber,
    mayTransfer: openStay.id !== null && shelterCodes.includes(openStay.shelterCode),
  };
}

/** Whether this page holds the user's key to the queue on the device; follows unlocks and logouts. */
export function useQueueUnlocked(userId: string): boolean {
  const [unlocked, setUnlocked] = useState(queueUnlocked(userId));
  useEffect(() => {
    setUnlocked(queueUnlocked(userId));
    return onQueueChange(() => setUnlocked(queueUnlocked(userId)));
  }, [userId]);
  return unlocked;
}

export function Desk() {
  const { session, shelterId, shelters, language, changed, online } = useApp();
  const userId = session.user.id;
  const relationships = useVocabulary('relationships', language);
  const reasons = useVocabulary('reasons-for-leaving', language);
  const vulnerabilityTerms = useVocabulary('vulnerabilities', language);
  const [arrivedAt, setArrivedAt] = useState(localDateTimeNow());
  const [members, setMembers] = useState<MemberDraft[]>([newMember('head')]);
  const [reasonCodes, setReasonCodes] = useState<string[]>([]);
  const [vulnerabilities, setVulnerabilities] = useState<string[]>([]);
  const [deportedFrom, setDeportedFrom] = useState<string[]>([]);
  const [destination, setDestination] = useState('');
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<IntakeAnswer | null>(null);
  const [queued, setQueued] = useState(false);
  const [conflict, setConflict] = useState<OpenStayConflict | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [needUnlock, setNeedUnlock] = useState(false);
  /** The registration waiting for the password to be sealed: its key is kept (it may have reached the API). */
  const [unsealed, setUnsealed] = useState<PendingIntake | null>(null);
  /** Counts the submissions that ended: each brings its answer into view. */
  const [outcome, setOutcome] = useState(0);
  const unlocked = useQueueUnlocked(userId);
  const memberCount = useRef(members.length);

  // "Agregar integrante" moves the focus to the new member's first field.
  useEffect(() => {
    if (members.length > memberCount.current) {
      document.querySelector<HTMLInputElement>(`[data-testid="member-${members.length}"] input`)?.focus();
    }
    memberCount.current = members.length;
  }, [members.length]);

  if (!shelterId) return <p>{t('noShelter')}</p>;

  const update = (uid: number, patch: Partial<MemberDraft>) =>
    setMembers((list) => list.map((member) => (member.uid === uid ? { ...member, ...patch } : member)));

  const reset = () => {
    setMembers([newMember('head')]);
    setReasonCodes([]);
    setVulnerabilities([]);
    setDeportedFrom([]);
    setDestination('');
    setNotes('');
    setArrivedAt(localDateTimeNow());
  };

  const register = async (transfer: boolean) => {
    setError(undefined);
    setResult(null);
    setQueued(false);
    setConflict(null);
    setCancelled(false);
    setNeedUnlock(false);
    const key = newIdempotencyKey();
    const body = {
      shelterId,
      arrivedAt: withOffset(arrivedAt),
      members: members.map(memberBody),
      reasonsForLeaving: reasonCodes,
      vulnerabilities,
      previousDeportations: deportedFrom.map((from) => ({ from })),
      ...(destination.trim() ? { intendedDestination: destination.trim() } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
      ...(transfer ? { closeOpenStaysAsTransferred: true } : {}),
    };
    const keep = async () => {
      const item = { key, body, queuedAt: new Date().toISOString() };
      if (await enqueueIntake(userId, item)) {
        setQueued(true);
        reset();
      } else {
        // After a reload the key is gone: the password, typed again, seals this very registration.
        setUnsealed(item);
        setNeedUnlock(true);
      }
    };
    setBusy(true);
    try {
      if (!navigator.onLine) {
        await keep();
      } else {
        try {
          setResult(await sendIntake(key, body));
          reset();
          changed();
        } catch (failure) {
          const openStay = openStayConflictOf(
            failure,
            shelters.map((shelter) => shelter.code),
          );
          if (worthRetrying(failure)) await keep();
          else if (openStay) setConflict(openStay);
          else setError(failure);
        }
      }
    } finally {
      setBusy(false);
      setOutcome((n) => n + 1);
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    void register(false);
  };

  const statuses = minorStatuses(
    members.map((member) => ({ relationship: member.relationship, ...birthFactsOf(member) })),
    arrivedAt.slice(0, 10),
  );
  const alerts = members.flatMap((member, index) => {
    const status = statuses[index];
    if (!status) return [];
    const age = personAgeOn(birthFactsOf(member), arrivedAt.slice(0, 10));
    const name = member.personId
      ? (member.matchedName ?? '')
      : `${member.givenNames} ${member.familyNames}`.trim() || t('memberUnnamed');
    return [
      t(`minorAlert_${status}` as MessageKey, {
        n: index + 1,
        name,
        age: age ? t(age.estimated ? 'minorAgeEstimated' : 'minorAge', { years: age.years }) : '',
      }),
    ];
  });

  return (
    <section aria-labelledby="desk-title">
      <h1 id="desk-title">{t('deskTitle')}</h1>
      <PendingIntakes userId={userId} online={online} unlocked={unlocked} askPassword={!needUnlock} onSent={changed} />
      <Revealed token={outcome}>
        {queued && <Notice kind="info">{t('queued')}</Notice>}
        {result && <IntakeResult result={result} />}
        <ErrorNotice error={error} />
        {conflict && (
          <Notice kind="error">
            <p>
              {t(conflict.mayTransfer ? 'openStayHere' : 'openStayElsewhere', {
                n: conflict.memberIndex + 1,
                shelter: conflict.shelterCode,
                case: conflict.caseNumber ?? '',
              })}
            </p>
            <div class="actions">
              {conflict.mayTransfer && (
                <button type="button" disabled={busy} onClick={() => void register(true)}>
                  {t('openStayTransfer')}
                </button>
              )}
              <button
                type="button"
                class="secondary"
                onClick={() => {
                  setConflict(null);
                  setCancelled(true);
                }}
              >
                {t('openStayCancel')}
              </button>
            </div>
          </Notice>
        )}
        {cancelled && <Notice kind="info">{t('openStayCancelled')}</Notice>}
        {needUnlock && !unlocked && (
          <UnlockForm
            userId={userId}
            onUnlocked={async () => {
              if (unsealed && (await enqueueIntake(userId, unsealed))) {
                setUnsealed(null);
                setNeedUnlock(false);
                setQueued(true);
                reset();
                setOutcome((n) => n + 1);
              }
            }}
          />
        )}
      </Revealed>
      <form onSubmit={submit}>
        <Field
          label={t('arrivedAt')}
          type="datetime-local"
          required
          max={localDateTimeNow()}
          value={arrivedAt}
          onInput={(event) => setArrivedAt(event.currentTarget.value)}
        />
        {members.map((member, index) => (
          <MemberFields
            key={member.uid}
            index={index}
            member={member}
            relationships={relationships}
            online={online}
            onChange={(patch) => update(member.uid, patch)}
            onRemove={members.length > 1 ? () => setMembers((list) => list.filter((m) => m !== member)) : undefined}
          />
        ))}
        <button
          type="button"
          class="secondary"
          onClick={() => setMembers((list) => [...list, newMember('child', list[0]?.nationality ?? '')])}
        >
          {t('addMember')}
        </button>
        <CheckboxGroup
          legend={t('reasonsForLeaving')}
          options={reasons}
          value={reasonCodes}
          onChange={setReasonCodes}
        />
        <CheckboxGroup
          legend={t('vulnerabilities')}
          options={vulnerabilityTerms.filter(
            (term) => term.value !== 'unaccompanied_minor' && term.value !== 'separated_child',
          )}
          value={vulnerabilities}
          onChange={setVulnerabilities}
        />
        <CheckboxGroup
          legend={t('deportedFrom')}
          options={nationalityOptions(language, ['MX', 'US'])}
          value={deportedFrom}
          onChange={setDeportedFrom}
        />
        <Field
          label={t('intendedDestination')}
          value={destination}
          maxLength={200}
          onInput={(event) => setDestination(event.currentTarget.value)}
        />
        <TextArea
          label={t('notes')}
          value={notes}
          maxLength={5000}
          onInput={(event) => setNotes(event.currentTarget.value)}
        />
        {/* Kept in the page and announced at once: a lone child is the one thing the desk must not miss. */}
        <div class="minor-alert-region" aria-live="assertive" aria-atomic="true" data-testid="minor-alert">
          {alerts.length > 0 && (
            <div class="minor-alert">
              <strong>{t('minorAlertTitle')}</strong>
              <ul>
                {alerts.map((text) => (
                  <li key={text}>{text}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
        <button type="submit" disabled={busy}>
          {t('register')}
        </button>
      </form>
    </section>
  );
}

/** The password typed again after a reload: opens the queue sealed on this device, offline too. */
function UnlockForm({ userId, onUnlocked }: { userId: string; onUnlocked?: () => void | Promise<void> }) {
  const [password, setPassword] = useState('');
  const [wrong, setWrong] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="unlock"
      aria-labelledby="unlock-title"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        const opened = await unlockQueue(userId, password, false).catch(() => false);
        setBusy(false);
        setPassword('');
        setWrong(!opened);
        if (opened) await onUnlocked?.();
      }}
    >
      <h2 id="unlock-title">{t('unlockTitle')}</h2>
      <p>{t('unlockIntro')}</p>
      {wrong && <Notice kind="error">{t('unlockWrong')}</Notice>}
      <Field
        label={t('password')}
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onInput={(event) => setPassword(event.currentTarget.value)}
      />
      <button type="submit" disabled={busy}>
        {t('unlock')}
      </button>
    </form>
  );
}

function MemberFields(props: {
  index: number;
  member: MemberDraft;
  relationships: { value: string; label: string }[];
  online: boolean;
  onChange: (patch: Partial<MemberDraft>) => void;
  onRemove?: () => void;
}) {
  const { member, onChange, language } = { ...props, language: useApp().language };
  const n = props.index + 1;
  return (
    <fieldset class="member" data-testid={`member-${n}`}>
      <legend>{t('member', { n })}</legend>
      {member.personId ? (
        <Notice kind="info">
          {t('usingRecord', { name: member.matchedName ?? '' })}{' '}
          <button
            type="button"
            class="link"
            onClick={() => onChange({ personId: undefined, matchedName: undefined, matchedBirthYear: undefined })}
          >
            {t('undoRecord')}
          </button>
        </Notice>
      ) : (
        <>
          <Field
            label={t('givenNames')}
            required
            maxLength={200}
            autoComplete="off"
            value={member.givenNames}
            onInput={(event) => onChange({ givenNames: event.currentTarget.value })}
          />
          <Field
            label={t('familyNames')}
            maxLength={200}
            autoComplete="off"
            value={member.familyNames}
            onInput={(event) => onChange({ familyNames: event.currentTarget.value })}
          />
          <SexSelect value={member.sex} onChange={(sex) => onChange({ sex })} />
          <div class="row">
            <Field
              label={t('birthDate')}
              type="date"
              max={localDateTimeNow().slice(0, 10)}
              value={member.birthDate}
              onInput={(event) => onChange({ birthDate: event.currentTarget.value })}
            />
            <Field
              label={t('birthYear')}
              type="number"
              inputMode="numeric"
              min={1900}
              max={new Date().getFullYear()}
              disabled={Boolean(member.birthDate)}
              value={member.birthYear}
              onInput={(event) => onChange({ birthYear: event.currentTarget.value })}
            />
          </div>
          <Select
            label={t('nationality')}
            required
            placeholder="—"
            options={nationalityOptions(language)}
            value={member.nationality}
            onChange={(event) => onChange({ nationality: event.currentTarget.value })}
          />
          <Field
            label={t('phone')}
            type="tel"
            autoComplete="off"
            value={member.phone}
            onInput={(event) => onChange({ phone: event.currentTarget.value })}
          />
          {props.online && <Matches member={member} onUse={onChange} />}
        </>
      )}
      <Select
        label={t('relationship')}
        required
        options={props.relationships}
        value={member.relationship}
        onChange={(event) => onChange({ relationship: event.currentTarget.value })}
      />
      {props.onRemove && (
        <button type="button" class="link" onClick={props.onRemove}>
          {t('remove')} ({t('member', { n })})
        </button>
      )}
    </fieldset>
  );
}

/** Earlier records of the person being typed, looked up network-wide once the typing pauses. */
function Matches({ member, onUse }: { member: MemberDraft; onUse: (patch: Partial<MemberDraft>) => void }) {
  const [matches, setMatches] = useState<Match[]>([]);
  const { givenNames, familyNames, sex, birthDate, birthYear, nationality } = member;
  useEffect(() => {
    if (givenNames.trim().length < 2) {
      setMatches([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      const params = query({
        givenNames: givenNames.trim(),
        familyNames: familyNames.trim(),
        sex: sex || undefined,
        birthDate: birthDate || undefined,
        birthYear: birthDate ? undefined : birthYear || undefined,
        nationality: nationality || undefined,
        limit: 3,
      });
      get<{ items: Match[] }>(`/persons/matches${params}`)
        .then((answer) => live && setMatches(answer.items))
        .catch(() => live && setMatches([]));
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [givenNames, familyNames, sex, birthDate, birthYear, nationality]);
  const shown = matches.filter(({ person }) => !member.dismissed.includes(person.id));
  if (shown.length === 0) return null;
  return (
    <div class="matches" role="region" aria-label={t('possibleMatches')} aria-live="polite">
      <h3>{t('possibleMatches')}</h3>
      <ul>
        {shown.map(({ person }) => {
          const name = `${person.givenNames} ${person.familyNames}`;
          return (
            <li key={person.id}>
              <span>
                {t('matchLine', {
                  name,
                  year: person.birthYear ?? '?',
                  nationality: person.nationality,
                  shelter: person.lastShelterCode ?? '—',
                  on: person.lastStayOn ? formatDate(person.lastStayOn) : '',
                })}
              </span>{' '}
              <button
                type="button"
                class="secondary"
                aria-label={`${t('useRecord')}: ${name}`}
                onClick={() => onUse({ personId: person.id, matchedName: name, matchedBirthYear: person.birthYear })}
              >
                {t('useRecord')}
              </button>{' '}
              <button
                type="button"
                class="link"
                aria-label={t('notSamePersonLabel', { name })}
                onClick={() => onUse({ dismissed: [...member.dismissed, person.id] })}
              >
                {t('notSamePerson')}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** A warning naming the member and, for a possible earlier record, the record meant. */
function warningText(warning: IntakeAnswer['warnings'][number]): string {
  const n = (warning.memberIndex ?? 0) + 1;
  const earlier = warning.matches?.[0]?.person;
  if (warning.code === 'possible_previous_record' && earlier) {
    return t('warning_possible_previous_record', {
      n,
      name: `${earlier.givenNames} ${earlier.familyNames}`,
      year: earlier.birthYear ?? '?',
      shelter: earlier.lastShelterCode ?? '—',
    });
  }
  return t(`warning_${warning.code}` as 'warning_over_capacity', { n });
}

function IntakeResult({ result }: { result: IntakeAnswer }) {
  return (
    <Notice kind="ok">
      <p>{t('registered', { cases: result.stays.map((stay) => stay.caseNumber).join(', ') })}</p>
      {result.warnings.length > 0 && (
        <ul aria-label={t('warnings')}>
          {result.warnings.map((warning, index) => (
            <li key={index}>{warningText(warning)}</li>
          ))}
        </ul>
      )}
    </Notice>
  );
}

/** Registrations kept on this device, waiting for the connection; refused ones wait for the worker. */
function PendingIntakes(props: {
  userId: string;
  online: boolean;
  unlocked: boolean;
  /** False while the registration's own password form is shown: one form is enough. */
  askPassword: boolean;
  onSent: () => void;
}) {
  const { userId, online, unlocked, onSent } = props;
  const [items, setItems] = useState<PendingIntake[]>([]);
  const [sealed, setSealed] = useState(0);
  useEffect(() => {
    let live = true;
    const load = () => {
      void pendingIntakes(userId).then((list) => live && setItems(list));
      void pendingCount(userId).then((n) => live && setSealed(n));
    };
    load();
    const stop = onQueueChange(load);
    return () => {
      live = false;
      stop();
    };
  }, [userId]);
  if (!unlocked && sealed > 0) {
    return (
      <section class="pending" aria-labelledby="pending-title" data-testid="pending-intakes">
        <h2 id="pending-title">{t('pendingTitle')}</h2>
        <p>{t('pendingLocked', { n: sealed })}</p>
        {props.askPassword && <UnlockForm userId={userId} />}
      </section>
    );
  }
  if (items.length === 0) return null;
  return (
    <section class="pending" aria-labelledby="pending-title" data-testid="pending-intakes">
      <h2 id="pending-title">{t('pendingTitle')}</h2>
      <ul>
        {items.map((item) => (
          <li key={item.key}>
            {t('pendingItem', { n: item.body.members.length, at: new Date(item.queuedAt).toLocaleTimeString() })}
            {item.refused && <strong class="danger"> {t('pendingRefused', { detail: item.refused })}</strong>}
            {item.refused && (
              <button type="button" class="link" onClick={() => void discardIntake(userId, item.key)}>
                {t('discard')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {online && (
        <button
          type="button"
          class="secondary"
          onClick={async () => {
            if ((await flushPendingIntakes(userId)).length) onSent();
          }}
        >
          {t('sendNow')}
        </button>
      )}
    </section>
  );
}
