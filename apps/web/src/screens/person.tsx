import { useEffect, useState } from 'preact/hooks';

import { personAgeOn } from '../age';
import { get, Page, query } from '../api';
import { useApp } from '../context';
import { formatDate, formatDateTime, t, type MessageKey } from '../i18n';
import { nationalityOptions } from '../nationalities';
import type { Role } from '../session';
import { ErrorNotice, Field, useLoad, useVocabulary, type Option } from '../ui';
import { DocumentsPanel } from './documents-panel';
import { NotesPanel, SummaryButton } from './notes-panel';

interface Person {
  id: string;
  givenNames: string;
  familyNames: string;
  aliases: string[];
  sex: string;
  birthDate: string | null;
  estimatedBirthYear: number | null;
  nationality: string;
  placeOfOrigin: string | null;
  languages: string[];
  erasedAt: string | null;
}

interface PersonStay {
  id: string;
  shelterId: string;
  householdId: string | null;
  caseNumber: string;
  checkedInAt: string;
  checkedOutAt: string | null;
  destination: string | null;
  unaccompaniedMinor: boolean;
  separatedChild: boolean;
  relationship: string | null;
  household: {
    personId: string;
    relationship: string;
    givenNames: string;
    familyNames: string;
    present: boolean;
  }[];
}

interface Referral {
  id: string;
  serviceId: string;
  urgency: string;
  status: string;
  overdue: boolean;
  createdAt: string;
}

interface Incident {
  id: string;
  occurredOn: string;
  status: string;
  actTypes: string[];
  location: { state: string };
}

interface Application {
  id: string;
  enteredCountryOn: string;
  createdAt: string;
}

const SHELTER_STAFF: Role[] = ['admin', 'coordinator', 'shelter_worker'];
const ASYLUM: Role[] = ['admin', 'coordinator', 'lawyer'];

const labelOf = (options: Option[], code: string | null): string =>
  code === null ? '' : (options.find((option) => option.value === code)?.label ?? '—');

const fullName = (person: { givenNames: string; familyNames: string }) =>
  `${person.givenNames} ${person.familyNames}`.trim();

/** `GET /persons?q=`: everyone the caller may see, present or not, each linked to their record. */
export function PersonSearch() {
  const { language } = useApp();
  const [text, setText] = useState(new URLSearchParams(location.search).get('q') ?? '');
  const [found, setFound] = useState<Person[] | null>(null);
  const [error, setError] = useState<unknown>();
  const nationalities = nationalityOptions(language);
  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) {
      setFound(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      get<Page<Person>>(`/persons${query({ q, limit: 25 })}`)
        .then((page) => {
          if (!live) return;
          setFound(page.items);
          setError(undefined);
        })
        .catch((failure: unknown) => live && setError(failure));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);
  return (
    <section aria-labelledby="persons-title">
      <h1 id="persons-title">{t('searchEveryoneTitle')}</h1>
      <Field
        label={t('searchEveryone')}
        hint={t('searchEveryoneHint')}
        type="search"
        autoComplete="off"
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
      />
      <ErrorNotice error={error} />
      <div aria-live="polite">
        {found && found.length === 0 && <p>{t('noPersonsFound')}</p>}
        {found && found.length > 0 && (
          <ul class="cards" data-testid="persons">
            {found.map((person) => {
              const year = person.birthDate?.slice(0, 4) ?? person.estimatedBirthYear;
              return (
                <li key={person.id} class="card">
                  <div class="resident">
                    <a class="name" href={`/persons/${person.id}`}>
                      {fullName(person)}
                    </a>
                    <br />
                    <span>
                      {labelOf(nationalities, person.nationality) || person.nationality}
                      {year ? ` · ${t('bornYear', { year })}` : ''}
                    </span>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}

/** Loads a list only for the roles the API serves it to; null means "not for this role". */
function useListFor<T>(roles: Role[], role: Role, path: string, deps: unknown[]) {
  return useLoad<T[] | null>(
    () => (roles.includes(role) ? get<Page<T>>(path).then((page) => page.items) : Promise.resolve(null)),
    deps,
  );
}

/**
 * A person's record: details, stays and the group they arrived with, referrals and their outcome,
 * incidents, applications -- each section only for the roles the API serves it to. Printable.
 */
export function PersonPage({ params }: { params: string[] }) {
  // A new person is a new page: nothing of the previous one is shown while the next loads.
  return <PersonRecord key={params[0]} id={params[0]} />;
}

function PersonRecord({ id }: { id: string }) {
  const { session, language, shelters, version } = useApp();
  const role = session.user.role;
  const [person, personError] = useLoad(() => get<Person>(`/persons/${id}`), [id, version]);
  const [stays] = useListFor<PersonStay>(SHELTER_STAFF, role, `/persons/${id}/stays`, [id, version]);
  const [referrals] = useListFor<Referral>(SHELTER_STAFF, role, `/referrals${query({ personId: id })}`, [id]);
  const [incidents] = useListFor<Incident>(SHELTER_STAFF, role, `/incidents${query({ victimPersonId: id })}`, [id]);
  const [applications] = useListFor<Application>(ASYLUM, role, `/asylum-applications${query({ personId: id })}`, [id]);
  const [services] = useListFor<{ id: string; name: string }>(SHELTER_STAFF, role, '/services', []);
  const relationships = useVocabulary('relationships', language);
  const destinations = useVocabulary('checkout-destinations', language);
  const actTypes = useVocabulary('act-types', language);
  const nationalities = nationalityOptions(language);

  if (personError) return <ErrorNotice error={personError} />;
  if (!person) return <p>{t('loading')}</p>;

  const age = personAgeOn(person, new Date().toISOString().slice(0, 10));
  const shelterCode = (shelterId: string) => shelters.find((shelter) => shelter.id === shelterId)?.code ?? '';
  const groups = (stays ?? []).filter((stay) => stay.household.length > 0);

  return (
    <article class="person-page" aria-labelledby="person-title">
      <div class="actions no-print">
        <button type="button" class="secondary" onClick={() => window.print()}>
          {t('personPrint')}
        </button>
      </div>
      <h1 id="person-title" class="name">
        {fullName(person) || t('personTitle')}
      </h1>
      <p class="print-only">{t('personPrintedBy', { name: session.user.name, at: formatDateTime(new Date()) })}</p>

      <section aria-labelledby="person-facts">
        <h2 id="person-facts">{t('personFacts')}</h2>
        {person.erasedAt && <p>{t('personErased')}</p>}
        <dl class="facts">
          <dt>{t('sex')}</dt>
          <dd>{t(`sex_${person.sex}` as MessageKey)}</dd>
          <dt>{t('personAge')}</dt>
          <dd>
            {age
              ? t(age.estimated ? 'personAgeEstimated' : 'personAgeYears', { years: age.years })
              : t('personUnknown')}
            {person.birthDate ? ` (${formatDate(person.birthDate)})` : ''}
          </dd>
          <dt>{t('nationality')}</dt>
          <dd>{labelOf(nationalities, person.nationality) || person.nationality}</dd>
          {person.aliases.length > 0 && (
            <>
              <dt>{t('personAliases')}</dt>
              <dd>{person.aliases.join(', ')}</dd>
            </>
          )}
          {person.placeOfOrigin && (
            <>
              <dt>{t('personPlaceOfOrigin')}</dt>
              <dd>{person.placeOfOrigin}</dd>
            </>
          )}
        </dl>
      </section>

      {stays !== null && (
        <section aria-labelledby="person-stays" data-testid="person-stays">
          <h2 id="person-stays">{t('personStays')}</h2>
          {stays && stays.length === 0 && <p>{t('personNoStays')}</p>}
          <ul class="cards">
            {(stays ?? []).map((stay) => (
              <li key={stay.id} class="card column">
                <strong>
                  {stay.caseNumber} · {shelterCode(stay.shelterId)}
                </strong>
                <span>
                  {stay.checkedOutAt
                    ? t('personStayClosed', { from: formatDate(stay.checkedInAt), to: formatDate(stay.checkedOutAt) })
                    : t('personStayOpen', { from: formatDate(stay.checkedInAt) })}
                </span>
                {stay.destination && (
                  <span>{t('personDestination', { destination: labelOf(destinations, stay.destination) })}</span>
                )}
                {(stay.unaccompaniedMinor || stay.separatedChild) && (
                  <strong class="child-flag">
                    {t(stay.separatedChild ? 'flagSeparatedChild' : 'flagUnaccompaniedMinor')}
                  </strong>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {stays !== null && (
        <section aria-labelledby="person-family" data-testid="person-family">
          <h2 id="person-family">{t('personFamily')}</h2>
          {stays && groups.length === 0 && <p>{t('personNoFamily')}</p>}
          {groups.map((stay) => (
            <div key={stay.id}>
              <h3>{t('personFamilyOf', { caseNumber: stay.caseNumber })}</h3>
              {stay.relationship && (
                <p>{t('personRelationship', { relationship: labelOf(relationships, stay.relationship) })}</p>
              )}
              <ul>
                {stay.household.map((member) => (
                  <li key={member.personId}>
                    <a href={`/persons/${member.personId}`}>{fullName(member)}</a> ·{' '}
                    {labelOf(relationships, member.relationship)} ·{' '}
                    {member.present ? t('personFamilyPresent') : t('personFamilyLeft')}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      )}

      {referrals !== null && (
        <section aria-labelledby="person-referrals" data-testid="person-referrals">
          <h2 id="person-referrals">{t('personReferrals')}</h2>
          {referrals && referrals.length === 0 && <p>{t('personNoReferrals')}</p>}
          <ul>
            {(referrals ?? []).map((referral) => (
              <li key={referral.id}>
                {t('personReferralLine', {
                  service: services?.find((service) => service.id === referral.serviceId)?.name ?? '—',
                  urgency: t(`urgency_${referral.urgency}` as MessageKey),
                  date: formatDate(referral.createdAt),
                })}
                : <strong>{t(`referralStatus_${referral.status}` as MessageKey)}</strong>
                {referral.overdue && <span class="danger"> ({t('personReferralOverdue')})</span>}
              </li>
            ))}
          </ul>
        </section>
      )}

      {incidents !== null && (
        <section aria-labelledby="person-incidents" data-testid="person-incidents">
          <h2 id="person-incidents">{t('personIncidents')}</h2>
          {incidents && incidents.length === 0 && <p>{t('personNoIncidents')}</p>}
          <ul>
            {(incidents ?? []).map((incident) => (
              <li key={incident.id}>
                {formatDate(incident.occurredOn)} · {incident.location.state} ·{' '}
                {incident.actTypes.map((code) => labelOf(actTypes, code)).join(', ')}:{' '}
                <strong>{t(`incidentStatus_${incident.status}` as MessageKey)}</strong>
              </li>
            ))}
          </ul>
        </section>
      )}

      {applications !== null && (
        <section aria-labelledby="person-applications" data-testid="person-applications">
          <h2 id="person-applications">{t('personApplications')}</h2>
          {applications && applications.length === 0 && <p>{t('personNoApplications')}</p>}
          <ul>
            {(applications ?? []).map((application) => (
              <li key={application.id}>
                <a href={`/applications/${application.id}`}>
                  {t('application')} · {formatDate(application.createdAt)}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section class="person-extras" aria-label={t('personExtras')} data-slot="person-extras">
        <SummaryButton href={`/persons/${person.id}/summary.pdf`} label={t('summaryPrint')} />
        <DocumentsPanel ownerType="person" ownerId={person.id} />
        <NotesPanel personId={person.id} />
      </section>
    </article>
  );
}
