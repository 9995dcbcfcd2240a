import { useEffect, useState } from 'preact/hooks';

import { get, query } from '../api';
import { useApp } from '../context';
import { formatDate, t } from '../i18n';
import {
  discardIntake,
  enqueueIntake,
  flushPendingIntakes,
  IntakeAnswer,
  onQueueChange,
  pendingIntakes,
  sendIntake,
  worthRetrying,
} from '../offline-queue';
import { nationalityOptions } from '../nationalities';
import {
  CheckboxGroup,
  ErrorNotice,
  Field,
  localDateTimeNow,
  Notice,
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

export function Desk() {
  const { session, shelterId, language, changed, online } = useApp();
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

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setResult(null);
    setQueued(false);
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
    };
    const keep = () => {
      enqueueIntake(userId, { key, body, queuedAt: new Date().toISOString() });
      setQueued(true);
      reset();
    };
    if (!navigator.onLine) return keep();
    setBusy(true);
    try {
      setResult(await sendIntake(key, body));
      reset();
      changed();
    } catch (failure) {
      if (worthRetrying(failure)) keep();
      else setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="desk-title">
      <h1 id="desk-title">{t('deskTitle')}</h1>
      <PendingIntakes userId={userId} online={online} onSent={changed} />
      {queued && <Notice kind="info">{t('queued')}</Notice>}
      {result && <IntakeResult result={result} />}
      <ErrorNotice error={error} />
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
        <button type="submit" disabled={busy}>
          {t('register')}
        </button>
      </form>
    </section>
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
          <button type="button" class="link" onClick={() => onChange({ personId: undefined, matchedName: undefined })}>
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
  if (matches.length === 0) return null;
  return (
    <div class="matches" role="region" aria-label={t('possibleMatches')} aria-live="polite">
      <h3>{t('possibleMatches')}</h3>
      <ul>
        {matches.map(({ person }) => {
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
                onClick={() => onUse({ personId: person.id, matchedName: name })}
              >
                {t('useRecord')}
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
function PendingIntakes({ userId, online, onSent }: { userId: string; online: boolean; onSent: () => void }) {
  const [items, setItems] = useState(pendingIntakes(userId));
  useEffect(() => onQueueChange(() => setItems(pendingIntakes(userId))), [userId]);
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
              <button type="button" class="link" onClick={() => discardIntake(userId, item.key)}>
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
