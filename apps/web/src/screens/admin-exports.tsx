import { useState } from 'preact/hooks';

import { get, Page, post } from '../api';
import { t } from '../i18n';
import { ErrorNotice, Field, Notice, Select, today, useLoad } from '../ui';
import { useLabels } from '../vocabulary-labels';
import { DATASETS, PartnerRow } from './admin';
import { ExportCard, useExports } from './partner';

const FORMATS = ['csv', 'hxl_csv', 'json'];

/** Asks for exports and lists every one from `GET /exports`, so the list is still there after leaving the page. */
export function AdminExports() {
  const [partners] = useLoad(() => get<Page<PartnerRow>>('/partners'), []);
  const [filter, setFilter] = useState('');
  const { items, error: listError, reload } = useExports(filter);
  const [form, setForm] = useState({ partnerId: '', dataset: '', format: 'csv', from: '', to: today() });
  const [error, setError] = useState<unknown>();
  const [asked, setAsked] = useState(false);
  const datasets = useLabels('datasets');
  const formats = useLabels('export-formats');
  const set = (field: keyof typeof form) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [field]: event.currentTarget.value });
  const partner = partners?.items.find((item) => item.id === form.partnerId);
  const partnerName = (id: string) => partners?.items.find((item) => item.id === id)?.name;

  return (
    <section aria-labelledby="exports-title">
      <h1 id="exports-title">{t('exportsTitle')}</h1>
      <form
        aria-labelledby="request-export-title"
        onSubmit={async (event) => {
          event.preventDefault();
          setError(undefined);
          setAsked(false);
          try {
            await post<{ id: string }>('/exports', form);
            setAsked(true);
            reload();
          } catch (failure) {
            setError(failure);
          }
        }}
      >
        <h2 id="request-export-title">{t('requestExport')}</h2>
        {asked && <Notice kind="ok">{t('exportQueued')}</Notice>}
        <ErrorNotice error={error} />
        <Select
          label={t('partner')}
          required
          placeholder="—"
          options={(partners?.items ?? []).map((item) => ({ value: item.id, label: item.name }))}
          value={form.partnerId}
          onChange={set('partnerId')}
        />
        <Select
          label={t('dataset')}
          required
          placeholder="—"
          options={datasets.options(partner?.agreement.datasets ?? DATASETS)}
          value={form.dataset}
          onChange={set('dataset')}
        />
        <Select label={t('format')} options={formats.options(FORMATS)} value={form.format} onChange={set('format')} />
        <div class="row">
          <Field label={t('from')} type="date" required value={form.from} onInput={set('from')} />
          <Field label={t('to')} type="date" required value={form.to} onInput={set('to')} />
        </div>
        <button type="submit">{t('requestExport')}</button>
      </form>
      <h2 id="export-list-title">{t('exportListTitle')}</h2>
      <Select
        label={t('filterByPartner')}
        placeholder={t('allPartners')}
        options={(partners?.items ?? []).map((item) => ({ value: item.id, label: item.name }))}
        value={filter}
        onChange={(event) => setFilter(event.currentTarget.value)}
      />
      <ErrorNotice error={listError} />
      {items && items.length === 0 && <p>{t('noExports')}</p>}
      <ul class="cards" aria-labelledby="export-list-title" data-testid="export-list">
        {items?.map((item) => (
          <ExportCard key={item.id} item={item} partnerName={partnerName(item.partnerId)} heading="h3" />
        ))}
      </ul>
    </section>
  );
}
