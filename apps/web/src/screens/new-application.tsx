import { useState } from 'preact/hooks';

import { get, Page, post, query } from '../api';
import { useApp } from '../context';
import { getLanguage, t } from '../i18n';
import { nationalityOptions } from '../nationalities';
import { navigate } from '../router';
import { ErrorNotice, Field, Select, today, useLoad, useSubmit } from '../ui';
import { useLabels } from '../vocabulary-labels';

interface PersonFound {
  id: string;
  givenNames: string;
  familyNames: string;
  birthDate: string | null;
  estimatedBirthYear: number | null;
  nationality: string;
}

const JURISDICTIONS = ['MX_COMAR', 'US_AFFIRMATIVE', 'US_DEFENSIVE'];
const GROUNDS = [
  'race',
  'religion',
  'nationality',
  'political_opinion',
  'particular_social_group',
  'generalized_violence',
  'gender',
  'other',
];

const describe = (person: PersonFound): string => {
  const year = person.birthDate?.slice(0, 4) ?? person.estimatedBirthYear;
  const nationality = nationalityOptions(getLanguage(), [person.nationality])[0]?.label ?? person.nationality;
  return `${person.givenNames} ${person.familyNames}${year ? ` (${year}, ${nationality})` : ` (${nationality})`}`;
};

/**
 * "Nueva solicitud": the applicant and dependents found among the persons the caller may see,
 * the procedure, office, entry date and grounds; admins and coordinators name the lawyer.
 */
export function NewApplication() {
  const { session } = useApp();
  const isLawyer = session.user.role === 'lawyer';
  const [search, setSearch] = useState('');
  const [searched, setSearched] = useState('');
  const [found, foundError] = useLoad(
    () =>
      searched
        ? get<Page<PersonFound>>(`/persons${query({ q: searched, limit: 20 })}`)
        : Promise.resolve({ items: [], nextCursor: null }),
    [searched],
  );
  const [lawyers] = useLoad(
    () =>
      isLawyer
        ? Promise.resolve({ items: [], nextCursor: null })
        : get<Page<{ id: string; name: string; email: string }>>('/lawyers?limit=500'),
    [isLawyer],
  );
  const [principal, setPrincipal] = useState<PersonFound | null>(null);
  const [dependents, setDependents] = useState<PersonFound[]>([]);
  const [form, setForm] = useState({
    jurisdiction: 'MX_COMAR',
    office: '',
    enteredCountryOn: '',
    grounds: '',
    lawyerId: '',
  });
  const jurisdictions = useLabels('jurisdictions');
  const grounds = useLabels('asylum-grounds');
  const set = (field: keyof typeof form) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [field]: event.currentTarget.value });
  const chosen = (person: PersonFound) =>
    principal?.id === person.id || dependents.some((dependent) => dependent.id === person.id);

  const { busy, error, submit } = useSubmit(async () => {
    if (!principal) return;
    const created = await post<{ id: string }>('/asylum-applications', {
      personId: principal.id,
      ...(dependents.length ? { dependentIds: dependents.map((dependent) => dependent.id) } : {}),
      jurisdiction: form.jurisdiction,
      ...(form.office.trim() ? { office: form.office.trim() } : {}),
      enteredCountryOn: form.enteredCountryOn,
      grounds: form.grounds,
      ...(!isLawyer && form.lawyerId ? { lawyerId: form.lawyerId } : {}),
    });
    navigate(`/applications/${created.id}`);
  });

  return (
    <section aria-labelledby="new-application-title">
      <h1 id="new-application-title">{t('newApplicationTitle')}</h1>
      <p>{isLawyer ? t('newApplicationLawyerHint') : t('newApplicationStaffHint')}</p>
      <form
        role="search"
        aria-labelledby="find-person-title"
        onSubmit={(event) => {
          event.preventDefault();
          setSearched(search.trim());
        }}
      >
        <h2 id="find-person-title">{t('findPerson')}</h2>
        <Field
          label={t('personSearch')}
          type="search"
          value={search}
          onInput={(event) => setSearch(event.currentTarget.value)}
        />
        <button type="submit" class="secondary">
          {t('searchPersons')}
        </button>
      </form>
      <ErrorNotice error={foundError} />
      {searched && found && found.items.length === 0 && <p role="status">{t('noPersonFound')}</p>}
      {found && found.items.length > 0 && (
        <ul class="cards" data-testid="persons-found">
          {found.items.map((person) => (
            <li key={person.id} class="card">
              <span>{describe(person)}</span>
              {!chosen(person) && (
                <div class="actions wrap">
                  <button type="button" class="secondary" onClick={() => setPrincipal(person)}>
                    {t('chooseApplicant')}
                    <span class="visually-hidden"> {describe(person)}</span>
                  </button>
                  {principal && (
                    <button type="button" class="secondary" onClick={() => setDependents([...dependents, person])}>
                      {t('addDependent')}
                      <span class="visually-hidden"> {describe(person)}</span>
                    </button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} aria-labelledby="application-data-title">
        <h2 id="application-data-title">{t('applicationData')}</h2>
        <ErrorNotice error={error} />
        <p data-testid="chosen-applicant">
          <strong>{t('applicant')}:</strong> {principal ? describe(principal) : t('noApplicantYet')}
        </p>
        <div>
          <strong>{t('dependents')}:</strong> {dependents.length === 0 && t('none')}
          <ul class="picked">
            {dependents.map((dependent) => (
              <li key={dependent.id}>
                {describe(dependent)}
                <button
                  type="button"
                  class="link"
                  onClick={() => setDependents(dependents.filter((other) => other.id !== dependent.id))}
                >
                  {t('remove')}
                  <span class="visually-hidden"> {describe(dependent)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
        <Select
          label={t('jurisdiction')}
          required
          options={jurisdictions.options(JURISDICTIONS)}
          value={form.jurisdiction}
          onChange={set('jurisdiction')}
        />
        <Field
          label={t('officeOptional')}
          hint={t('officeHint')}
          maxLength={200}
          value={form.office}
          onInput={set('office')}
        />
        <Field
          label={t('enteredCountryOn')}
          hint={t('enteredCountryOnHint')}
          type="date"
          required
          max={today()}
          value={form.enteredCountryOn}
          onInput={set('enteredCountryOn')}
        />
        <Select
          label={t('grounds')}
          required
          placeholder="—"
          options={grounds.options(GROUNDS)}
          value={form.grounds}
          onChange={set('grounds')}
        />
        {!isLawyer && (
          <Select
            label={t('assignedLawyer')}
            required
            placeholder="—"
            options={(lawyers?.items ?? []).map((lawyer) => ({ value: lawyer.id, label: lawyer.name }))}
            value={form.lawyerId}
            onChange={set('lawyerId')}
          />
        )}
        {!principal && <p class="late-hint">{t('chooseApplicantFirst')}</p>}
        <button type="submit" disabled={busy || !principal}>
          {t('openApplicationButton')}
        </button>
      </form>
    </section>
  );
}
