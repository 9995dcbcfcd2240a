import { useState } from 'preact/hooks';

import { post } from '../api';
import { useApp } from '../context';
import { t } from '../i18n';
import {
  Checkbox,
  CheckboxGroup,
  ErrorNotice,
  Field,
  Notice,
  Revealed,
  RadioGroup,
  Select,
  SexSelect,
  TextArea,
  today,
  useSubmit,
  useVocabulary,
} from '../ui';
import { residentName, useResidents } from './residents';

const AGE_BANDS = ['0-4', '5-11', '12-17', '18-25', '26-59', '60+', 'unknown'];

interface ActDraft {
  uid: number;
  type: string;
  victimPersonId: string;
  sex: string;
  ageBand: string;
  perpetratorType: string;
  perpetratorCount: string;
  injuries: boolean;
  medicalCareDenied: boolean;
}

let nextUid = 1;
const newAct = (): ActDraft => ({
  uid: nextUid++,
  type: '',
  victimPersonId: '',
  sex: '',
  ageBand: '',
  perpetratorType: '',
  perpetratorCount: '',
  injuries: false,
  medicalCareDenied: false,
});

export function IncidentForm() {
  const { shelterId, language } = useApp();
  const actTypes = useVocabulary('act-types', language);
  const perpetratorTypes = useVocabulary('perpetrator-types', language);
  const placeTypes = useVocabulary('place-types', language);
  const reportedToTerms = useVocabulary('reported-to', language);
  const states = useVocabulary('mexican-states', language);
  const [residents] = useResidents();
  const [occurredOn, setOccurredOn] = useState('');
  const [approximate, setApproximate] = useState(false);
  const [state, setState] = useState('');
  const [municipality, setMunicipality] = useState('');
  const [placeType, setPlaceType] = useState('');
  const [acts, setActs] = useState<ActDraft[]>([newAct()]);
  const [narrative, setNarrative] = useState('');
  const [reportedTo, setReportedTo] = useState<string[]>([]);
  const [consent, setConsent] = useState('');
  const update = (uid: number, patch: Partial<ActDraft>) =>
    setActs((list) => list.map((act) => (act.uid === uid ? { ...act, ...patch } : act)));

  const { busy, error, done, submit, settled } = useSubmit(async () => {
    await post('/incidents', {
      shelterId,
      occurredOn,
      occurredOnApproximate: approximate,
      location: { state, ...(municipality.trim() ? { municipality: municipality.trim() } : {}), placeType },
      acts: acts.map((act) => ({
        type: act.type,
        ...(act.victimPersonId
          ? { victimPersonId: act.victimPersonId }
          : { victim: { sex: act.sex, ageBand: act.ageBand } }),
        perpetrators: [
          { type: act.perpetratorType, ...(act.perpetratorCount ? { count: Number(act.perpetratorCount) } : {}) },
        ],
        injuries: act.injuries,
        medicalCareDenied: act.medicalCareDenied,
      })),
      narrative,
      reportedTo,
      consent: { level: consent },
    });
    setActs([newAct()]);
    setNarrative('');
    setConsent('');
  });

  if (!shelterId) return <p>{t('noShelter')}</p>;
  return (
    <section aria-labelledby="incident-title">
      <h1 id="incident-title">{t('incidentTitle')}</h1>
      <Revealed token={settled}>
        {done && <Notice kind="ok">{t('incidentSaved')}</Notice>}
        <ErrorNotice error={error} />
      </Revealed>
      <form onSubmit={submit}>
        <Field
          label={t('occurredOn')}
          type="date"
          required
          max={today()}
          value={occurredOn}
          onInput={(event) => setOccurredOn(event.currentTarget.value)}
        />
        <Checkbox
          label={t('approximate')}
          checked={approximate}
          onChange={(event) => setApproximate(event.currentTarget.checked)}
        />
        <Select
          label={t('state')}
          required
          placeholder="—"
          options={states}
          value={state}
          onChange={(event) => setState(event.currentTarget.value)}
        />
        <Field
          label={t('municipality')}
          value={municipality}
          onInput={(event) => setMunicipality(event.currentTarget.value)}
        />
        <Select
          label={t('placeType')}
          required
          placeholder="—"
          options={placeTypes}
          value={placeType}
          onChange={(event) => setPlaceType(event.currentTarget.value)}
        />
        {acts.map((act, index) => (
          <fieldset class="member" key={act.uid}>
            <legend>{t('act', { n: index + 1 })}</legend>
            <Select
              label={t('actType')}
              required
              placeholder="—"
              options={actTypes}
              value={act.type}
              onChange={(event) => update(act.uid, { type: event.currentTarget.value })}
            />
            <Select
              label={t('victim')}
              options={[
                { value: '', label: t('anonymousVictim') },
                ...(residents ?? []).map((stay) => ({ value: stay.personId, label: residentName(stay) })),
              ]}
              value={act.victimPersonId}
              onChange={(event) => update(act.uid, { victimPersonId: event.currentTarget.value })}
            />
            {!act.victimPersonId && (
              <div class="row">
                <SexSelect value={act.sex} onChange={(sex) => update(act.uid, { sex })} />
                <Select
                  label={t('ageBand')}
                  required
                  placeholder="—"
                  options={AGE_BANDS.map((band) => ({
                    value: band,
                    label: band === 'unknown' ? t('ageBandUnknownOption') : t('reviewAgeBand', { band }),
                  }))}
                  value={act.ageBand}
                  onChange={(event) => update(act.uid, { ageBand: event.currentTarget.value })}
                />
              </div>
            )}
            <div class="row">
              <Select
                label={t('perpetrator')}
                required
                placeholder="—"
                options={perpetratorTypes}
                value={act.perpetratorType}
                onChange={(event) => update(act.uid, { perpetratorType: event.currentTarget.value })}
              />
              <Field
                label={t('perpetratorCount')}
                type="number"
                min={1}
                value={act.perpetratorCount}
                onInput={(event) => update(act.uid, { perpetratorCount: event.currentTarget.value })}
              />
            </div>
            <Checkbox
              label={t('injuries')}
              checked={act.injuries}
              onChange={(event) => update(act.uid, { injuries: event.currentTarget.checked })}
            />
            <Checkbox
              label={t('medicalCareDenied')}
              checked={act.medicalCareDenied}
              onChange={(event) => update(act.uid, { medicalCareDenied: event.currentTarget.checked })}
            />
          </fieldset>
        ))}
        <button type="button" class="secondary" onClick={() => setActs((list) => [...list, newAct()])}>
          {t('addAct')}
        </button>
        <TextArea
          label={t('narrative')}
          required
          value={narrative}
          onInput={(event) => setNarrative(event.currentTarget.value)}
        />
        <CheckboxGroup legend={t('reportedTo')} options={reportedToTerms} value={reportedTo} onChange={setReportedTo} />
        <RadioGroup
          legend={t('consent')}
          name="consent"
          options={['none', 'anonymous', 'identified'].map((level) => ({
            value: level,
            label: t(`consent_${level}` as 'consent_none'),
          }))}
          value={consent}
          onChange={setConsent}
        />
        <button type="submit" disabled={busy}>
          {t('send')}
        </button>
      </form>
    </section>
  );
}
