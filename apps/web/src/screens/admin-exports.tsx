import { useEffect, useState } from 'preact/hooks';

import { get, Page, post, request } from '../api';
import { t } from '../i18n';
import { ErrorNotice, Field, Select, today, useLoad } from '../ui';
import { DATASETS, PartnerRow } from './admin';

interface ExportState {
  id: string;
  partnerId: string;
  dataset: string;
  format: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  progress: number;
  rowCount: number | null;
  error?: string;
}

/** Asks for exports and follows each one live (the API has no list of them: those asked here). */
export function AdminExports() {
  const [partners] = useLoad(() => get<Page<PartnerRow>>('/partners'), []);
  const [exportsAsked, setExportsAsked] = useState<ExportState[]>([]);
  const [form, setForm] = useState({ partnerId: '', dataset: '', format: 'csv', from: '', to: today() });
  const [error, setError] = useState<unknown>();
  const set = (field: keyof typeof form) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [field]: event.currentTarget.value });
  const partner = partners?.items.find((item) => item.id === form.partnerId);

  const running = exportsAsked.filter((item) => item.status === 'queued' || item.status === 'running');
  useEffect(() => {
    if (running.length === 0) return;
    const timer = setTimeout(async () => {
      const fresh = await Promise.all(running.map((item) => get<ExportState>(`/exports/${item.id}`).catch(() => item)));
      setExportsAsked((list) => list.map((item) => fresh.find((other) => other.id === item.id) ?? item));
    }, 1000);
    return () => clearTimeout(timer);
  }, [exportsAsked]);

  const download = async (item: ExportState) => {
    const response = await request('GET', `/exports/${item.id}/download`);
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = `albergue-${item.dataset}-${item.id}.${item.format === 'json' ? 'json' : 'csv'}.pgp`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };

  return (
    <section aria-labelledby="exports-title">
      <h1 id="exports-title">{t('exportsTitle')}</h1>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setError(undefined);
          try {
            const asked = await post<{ id: string }>('/exports', form);
            setExportsAsked((list) => [
              { ...form, id: asked.id, status: 'queued', progress: 0, rowCount: null },
              ...list,
            ]);
          } catch (failure) {
            setError(failure);
          }
        }}
      >
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
          options={(partner?.agreement.datasets ?? DATASETS).map((dataset) => ({ value: dataset, label: dataset }))}
          value={form.dataset}
          onChange={set('dataset')}
        />
        <Select
          label={t('format')}
          options={['csv', 'hxl_csv', 'json'].map((format) => ({ value: format, label: format }))}
          value={form.format}
          onChange={set('format')}
        />
        <div class="row">
          <Field label={t('from')} type="date" required value={form.from} onInput={set('from')} />
          <Field label={t('to')} type="date" required value={form.to} onInput={set('to')} />
        </div>
        <button type="submit">{t('requestExport')}</button>
      </form>
      <ul class="cards">
        {exportsAsked.map((item) => (
          <li key={item.id} class="card column">
            <span>
              {item.dataset} · {item.format} · {item.status}
              {item.rowCount !== null && ` · ${t('rows', { n: item.rowCount })}`}
            </span>
            <progress
              max={100}
              value={Math.round(item.progress * (item.progress <= 1 ? 100 : 1))}
              aria-label={t('progress')}
            />
            {item.error && <span class="danger">{item.error}</span>}
            {item.status === 'completed' && (
              <button type="button" class="secondary" onClick={() => download(item)}>
                {t('download')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
