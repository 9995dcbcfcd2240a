import { useState } from 'preact/hooks';

import { get, Page, post } from '../api';
import { useApp } from '../context';
import { t } from '../i18n';
import { Checkbox, ErrorNotice, Notice, Revealed, Select, TextArea, useLoad, useSubmit } from '../ui';
import { residentName, useResidents } from './residents';

interface Service {
  id: string;
  name: string;
  status: string;
  category: string;
}

export function ReferralForm() {
  const { shelterId } = useApp();
  const [residents] = useResidents();
  const [services] = useLoad(() => get<Page<Service>>('/services'), []);
  const [personId, setPersonId] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [reason, setReason] = useState('');
  const [urgency, setUrgency] = useState('routine');
  const [consent, setConsent] = useState(false);
  const { busy, error, done, submit, settled } = useSubmit(async () => {
    await post('/referrals', {
      personId,
      serviceId,
      ...(shelterId ? { shelterId } : {}),
      reason,
      urgency,
      consentObtained: consent,
    });
    setReason('');
    setConsent(false);
  });

  return (
    <section aria-labelledby="referral-title">
      <h1 id="referral-title">{t('referralTitle')}</h1>
      <Revealed token={settled}>
        {done && <Notice kind="ok">{t('referralSaved')}</Notice>}
        <ErrorNotice error={error} />
      </Revealed>
      <form onSubmit={submit}>
        <Select
          label={t('person')}
          required
          placeholder="—"
          options={(residents ?? []).map((stay) => ({ value: stay.personId, label: residentName(stay) }))}
          value={personId}
          onChange={(event) => setPersonId(event.currentTarget.value)}
        />
        <Select
          label={t('service')}
          required
          placeholder="—"
          options={(services?.items ?? [])
            .filter((service) => service.status === 'active')
            .map((service) => ({ value: service.id, label: `${service.name} (${service.category})` }))}
          value={serviceId}
          onChange={(event) => setServiceId(event.currentTarget.value)}
        />
        <TextArea
          label={t('reason')}
          required
          value={reason}
          onInput={(event) => setReason(event.currentTarget.value)}
        />
        <Select
          label={t('urgency')}
          options={['routine', 'urgent', 'emergency'].map((code) => ({
            value: code,
            label: t(`urgency_${code}` as 'urgency_routine'),
          }))}
          value={urgency}
          onChange={(event) => setUrgency(event.currentTarget.value)}
        />
        <Checkbox
          label={t('consentObtained')}
          required
          checked={consent}
          onChange={(event) => setConsent(event.currentTarget.checked)}
        />
        <button type="submit" disabled={busy}>
          {t('send')}
        </button>
      </form>
    </section>
  );
}
