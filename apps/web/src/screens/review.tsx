import { useState } from 'preact/hooks';

import { get, Page, post } from '../api';
import { formatDate, t } from '../i18n';
import { useApp } from '../context';
import { ErrorNotice, Form, Notice, RadioGroup, TextArea, useLoad, useVocabulary } from '../ui';

interface Flags {
  childVictim: boolean;
  sexualViolence: boolean;
  statePerpetrator: boolean;
}

interface IncidentSummary {
  id: string;
  shelterId: string;
  occurredOn: string;
  location: { state: string; municipality: string | null; placeType: string };
  actTypes: string[];
  perpetratorTypes: string[];
  flags: Flags;
  consentLevel: string;
  consentPending: boolean;
}

interface Consent {
  level: string;
  recipients: string[];
  withdrawn: boolean;
}

interface IncidentDetail {
  id: string;
  narrative: string;
  flags: Flags;
  acts: {
    id: string;
    type: string;
    victimPersonId: string | null;
    victim: { sex: string; ageBand: string } | null;
    injuries: boolean | null;
    medicalCareDenied: boolean | null;
    perpetrators: { type: string; count: number | null }[];
  }[];
  consent: Consent | null;
  pendingConsent: Consent | null;
}

type Options = { value: string; label: string }[];
const labelOf = (options: Options, code: string) => options.find((option) => option.value === code)?.label ?? '…';

/** Coordinators: the incidents of their shelters still `submitted`, to verify or reject. */
export function Review() {
  const { language } = useApp();
  const actTypes = useVocabulary('act-types', language);
  const placeTypes = useVocabulary('place-types', language);
  const perpetratorTypes = useVocabulary('perpetrator-types', language);
  const label = labelOf;
  const [page, error, reload] = useLoad(() => get<Page<IncidentSummary>>('/incidents?status=submitted&limit=100'), []);
  const [openId, setOpenId] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{t('reviewTitle')}</h1>
      <ErrorNotice error={error} />
      {done && <Notice kind="ok">{t('reviewed')}</Notice>}
      {page && page.items.length === 0 && <p>{t('noIncidents')}</p>}
      <ul class="cards">
        {(page?.items ?? []).map((incident) => (
          <li key={incident.id} class="card column">
            <div>
              <strong>{formatDate(incident.occurredOn)}</strong> · {incident.location.state}
              {incident.location.municipality && `, ${incident.location.municipality}`} ·{' '}
              {label(placeTypes, incident.location.placeType)}
              <br />
              <span>{incident.actTypes.map((code) => label(actTypes, code)).join(', ')}</span>
              <br />
              <span>
                {t('reviewPerpetrators')}:{' '}
                {incident.perpetratorTypes.map((code) => label(perpetratorTypes, code)).join(', ')}
              </span>
              {incident.flags.childVictim && (
                <>
                  <br />
                  <strong class="child-flag" data-testid="child-victim">
                    {t('reviewChildVictim')}
                  </strong>
                </>
              )}
              <br />
              <span data-testid="consent-level">
                {t('reviewConsentInForce', { level: t(`consent_${incident.consentLevel}` as 'consent_none') })}
              </span>
              {incident.consentPending && (
                <>
                  <br />
                  <span>{t('reviewConsentChangeWaiting')}</span>
                </>
              )}
            </div>
            {openId === incident.id ? (
              <ReviewForm
                id={incident.id}
                actTypes={actTypes}
                perpetratorTypes={perpetratorTypes}
                onDone={() => {
                  setOpenId(null);
                  setDone(true);
                  reload();
                }}
              />
            ) : (
              <button
                type="button"
                class="secondary"
                onClick={() => {
                  setDone(false);
                  setOpenId(incident.id);
                }}
              >
                {t('open')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReviewForm({
  id,
  onDone,
  actTypes,
  perpetratorTypes,
}: {
  id: string;
  onDone: () => void;
  actTypes: Options;
  perpetratorTypes: Options;
}) {
  const [incident, loadError] = useLoad(() => get<IncidentDetail>(`/incidents/${id}`), [id]);
  const [decision, setDecision] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await post(`/incidents/${id}/review`, { decision, note });
      onDone();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Form onSubmit={submit} class="inline-form" error={error}>
      <ErrorNotice error={loadError ?? error} />
      {incident && <IncidentFacts incident={incident} actTypes={actTypes} perpetratorTypes={perpetratorTypes} />}
      <RadioGroup
        legend={t('decision')}
        name={`decision-${id}`}
        options={['verified', 'rejected'].map((code) => ({
          value: code,
          label: t(`decision_${code}` as 'decision_verified'),
        }))}
        value={decision}
        onChange={setDecision}
      />
      <TextArea
        label={t('note')}
        name="note"
        required
        value={note}
        onInput={(event) => setNote(event.currentTarget.value)}
      />
      <button type="submit">{t('save')}</button>
    </Form>
  );
}

/** What the reviewer weighs: each act with its victim and perpetrators, the child and state flags, the consent in force. */
function IncidentFacts({
  incident,
  actTypes,
  perpetratorTypes,
}: {
  incident: IncidentDetail;
  actTypes: Options;
  perpetratorTypes: Options;
}) {
  const level = (consent: Consent) => t(`consent_${consent.level}` as 'consent_none');
  const age = (band: string) => (band === 'unknown' ? t('reviewAgeUnknown') : t('reviewAgeBand', { band }));
  return (
    <div class="incident-facts" data-testid="incident-facts">
      {incident.flags.childVictim && <Notice kind="info">{t('reviewChildVictim')}</Notice>}
      {incident.flags.statePerpetrator && <p>{t('reviewStateAgent')}</p>}
      <h3>{t('reviewActs')}</h3>
      <ul>
        {incident.acts.map((act) => (
          <li key={act.id}>
            <strong>{labelOf(actTypes, act.type)}</strong>
            <br />
            {act.victim
              ? t('reviewVictimAnonymous', {
                  sex: t(`sex_${act.victim.sex}` as 'sex_female'),
                  age: age(act.victim.ageBand),
                })
              : t('reviewVictimRecorded')}
            <br />
            {t('reviewPerpetrators')}:{' '}
            {act.perpetrators
              .map((perpetrator) =>
                perpetrator.count
                  ? t('reviewPerpetratorCount', {
                      type: labelOf(perpetratorTypes, perpetrator.type),
                      n: perpetrator.count,
                    })
                  : labelOf(perpetratorTypes, perpetrator.type),
              )
              .join(', ')}
            {act.injuries && (
              <>
                <br />
                {t('reviewInjuries')}
              </>
            )}
            {act.medicalCareDenied && (
              <>
                <br />
                {t('reviewCareDenied')}
              </>
            )}
          </li>
        ))}
      </ul>
      <p data-testid="consent-in-force">
        {incident.consent ? t('reviewConsentInForce', { level: level(incident.consent) }) : t('reviewConsentNoneYet')}
        {incident.consent && incident.consent.recipients.length > 0 && (
          <>
            <br />
            {t('reviewConsentRecipients', { n: incident.consent.recipients.length })}
          </>
        )}
        {incident.consent?.withdrawn && (
          <>
            <br />
            {t('reviewConsentWithdrawn')}
          </>
        )}
      </p>
      {incident.pendingConsent && <p>{t('reviewConsentPending', { level: level(incident.pendingConsent) })}</p>}
      <h3>{t('reviewNarrative')}</h3>
      <blockquote>{incident.narrative}</blockquote>
    </div>
  );
}
