import { useState } from 'preact/hooks';

import { api, get, Page, post } from '../api';
import { useApp } from '../context';
import { t } from '../i18n';
import { Role } from '../session';
import { CheckboxGroup, ErrorNotice, Field, Notice, Select, TextArea, useLoad } from '../ui';
import { useLabels } from '../vocabulary-labels';

const ROLES: Role[] = ['admin', 'coordinator', 'shelter_worker', 'lawyer', 'partner'];
export const DATASETS = ['incidents_aggregate', 'incidents_deidentified', 'incidents_identified'];

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  shelterIds: string[];
  active: boolean;
  twoFactorEnabled: boolean;
}

interface ShelterRow {
  id: string;
  name: string;
  code: string;
  state: string;
  municipality: string;
  capacity: number;
}

/** Submits a form's body to the API, then reloads the list; errors are the API's own. */
function useCreate(path: string, reload: () => void) {
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<unknown>(null);
  const create = async (body: unknown): Promise<boolean> => {
    setError(undefined);
    setCreated(null);
    try {
      setCreated(await post(path, body));
      reload();
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    }
  };
  return { error, created, create };
}

export function AdminUsers() {
  const [page, loadError, reload] = useLoad(() => get<Page<UserRow>>('/users?limit=500'), []);
  const [shelters] = useLoad(() => get<Page<ShelterRow>>('/shelters'), []);
  const [organizations] = useLoad(() => get<Page<{ id: string; name: string }>>('/organizations'), []);
  const { error, created, create } = useCreate('/users', reload);
  const [form, setForm] = useState({ email: '', name: '', password: '', role: 'shelter_worker', organizationId: '' });
  const [shelterIds, setShelterIds] = useState<string[]>([]);
  const set = (field: keyof typeof form) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [field]: event.currentTarget.value });
  const toggle = async (user: UserRow) => {
    await api('PATCH', `/users/${user.id}`, { active: !user.active });
    reload();
  };
  /** What an account action answered: a reset token is shown here once, and nowhere else. */
  const [accountNotice, setAccountNotice] = useState<string | null>(null);
  const [accountError, setAccountError] = useState<unknown>();
  const accountAction = async (work: () => Promise<string | null>) => {
    setAccountNotice(null);
    setAccountError(undefined);
    try {
      setAccountNotice(await work());
      reload();
    } catch (failure) {
      setAccountError(failure);
    }
  };
  const resetPassword = (user: UserRow) =>
    accountAction(async () => {
      const { resetToken } = await post<{ resetToken: string }>(`/users/${user.id}/password-reset`);
      return t('resetPasswordToken', { email: user.email, token: resetToken });
    });
  const resetTwoFactor = (user: UserRow) =>
    accountAction(async () => {
      if (!window.confirm(t('resetTwoFactorConfirm', { email: user.email }))) return null;
      await api('DELETE', `/users/${user.id}/totp`);
      return t('resetTwoFactorDone', { email: user.email });
    });
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t('usersTitle')}</h1>
      <ErrorNotice error={loadError ?? accountError} />
      {accountNotice && (
        <Notice kind="ok">
          <p data-testid="account-notice">{accountNotice}</p>
        </Notice>
      )}
      {/* The roles keep the table a table for screen readers when the phone layout stacks its cells. */}
      <table class="stack" role="table">
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">
              {t('name')}
            </th>
            <th scope="col" role="columnheader">
              {t('email')}
            </th>
            <th scope="col" role="columnheader">
              {t('role')}
            </th>
            <th scope="col" role="columnheader">
              {t('active')}
            </th>
            <th scope="col" role="columnheader">
              {t('twoFactor')}
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {(page?.items ?? []).map((user) => (
            <tr key={user.id} role="row">
              <td role="cell" data-label={t('name')}>
                {user.name}
              </td>
              <td role="cell" data-label={t('email')}>
                {user.email}
              </td>
              <td role="cell" data-label={t('role')}>
                {t(`role_${user.role}`)}
              </td>
              <td role="cell" data-label={t('active')}>
                <button type="button" class="link" onClick={() => toggle(user)}>
                  {user.active ? t('deactivate') : t('activate')}
                  <span class="visually-hidden"> {user.email}</span>
                </button>
                <button type="button" class="link" onClick={() => resetPassword(user)}>
                  {t('resetPassword')}
                  <span class="visually-hidden"> {user.email}</span>
                </button>
              </td>
              <td role="cell" data-label={t('twoFactor')}>
                {user.twoFactorEnabled ? t('yes') : t('no')}
                {user.twoFactorEnabled && (
                  <button type="button" class="link" onClick={() => resetTwoFactor(user)}>
                    {t('resetTwoFactor')}
                    <span class="visually-hidden"> {user.email}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          const ok = await create({
            email: form.email,
            name: form.name,
            password: form.password,
            role: form.role,
            ...(['coordinator', 'shelter_worker'].includes(form.role) ? { shelterIds } : {}),
            ...(form.role === 'partner' ? { organizationId: form.organizationId } : {}),
          });
          if (ok) setForm({ ...form, email: '', name: '', password: '' });
        }}
      >
        <h2>{t('createUser')}</h2>
        {created !== null && <Notice kind="ok">{t('created')}</Notice>}
        <ErrorNotice error={error} />
        <Field label={t('name')} required value={form.name} onInput={set('name')} />
        <Field label={t('email')} type="email" required value={form.email} onInput={set('email')} />
        <Field
          label={t('password')}
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          value={form.password}
          onInput={set('password')}
        />
        <Select
          label={t('role')}
          options={ROLES.map((role) => ({ value: role, label: t(`role_${role}`) }))}
          value={form.role}
          onChange={set('role')}
        />
        {['coordinator', 'shelter_worker'].includes(form.role) && (
          <CheckboxGroup
            legend={t('navShelters')}
            options={(shelters?.items ?? []).map((shelter) => ({ value: shelter.id, label: shelter.name }))}
            value={shelterIds}
            onChange={setShelterIds}
          />
        )}
        {form.role === 'partner' && (
          <Select
            label={t('partnerOrganization')}
            required
            placeholder="—"
            options={(organizations?.items ?? []).map((organization) => ({
              value: organization.id,
              label: organization.name,
            }))}
            value={form.organizationId}
            onChange={set('organizationId')}
          />
        )}
        <button type="submit">{t('createUser')}</button>
      </form>
    </section>
  );
}

export function AdminShelters() {
  const { changed } = useApp();
  const [page, loadError, reload] = useLoad(() => get<Page<ShelterRow>>('/shelters'), []);
  const { error, created, create } = useCreate('/shelters', () => {
    reload();
    changed();
  });
  const [form, setForm] = useState({ name: '', code: '', state: '', municipality: '', capacity: '' });
  const set = (field: keyof typeof form) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [field]: event.currentTarget.value });
  return (
    <section aria-labelledby="shelters-title">
      <h1 id="shelters-title">{t('sheltersTitle')}</h1>
      <ErrorNotice error={loadError} />
      <ul class="cards">
        {(page?.items ?? []).map((shelter) => (
          <li key={shelter.id} class="card">
            <span>
              <strong>{shelter.code}</strong> · {shelter.name} · {shelter.municipality}, {shelter.state} ·{' '}
              {t('capacity')} {shelter.capacity}
            </span>
          </li>
        ))}
      </ul>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (await create({ ...form, capacity: Number(form.capacity) }))
            setForm({ name: '', code: '', state: '', municipality: '', capacity: '' });
        }}
      >
        <h2>{t('createShelter')}</h2>
        {created !== null && <Notice kind="ok">{t('created')}</Notice>}
        <ErrorNotice error={error} />
        <Field label={t('name')} required value={form.name} onInput={set('name')} />
        <Field label={t('code')} required pattern="[A-Za-z][A-Za-z0-9]{1,5}" value={form.code} onInput={set('code')} />
        <Field label={t('state')} required value={form.state} onInput={set('state')} />
        <Field label={t('municipality')} required value={form.municipality} onInput={set('municipality')} />
        <Field label={t('capacity')} type="number" min={0} required value={form.capacity} onInput={set('capacity')} />
        <button type="submit">{t('createShelter')}</button>
      </form>
    </section>
  );
}

export interface PartnerRow {
  id: string;
  name: string;
  pgpFingerprint: string;
  webhookUrl: string | null;
  agreement: { datasets: string[]; minCellSize: number };
}

export function AdminPartners() {
  const [page, loadError, reload] = useLoad(() => get<Page<PartnerRow>>('/partners'), []);
  const { error, created, create } = useCreate('/partners', reload);
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [datasets, setDatasets] = useState<string[]>(['incidents_aggregate']);
  const secret = (created as { webhookSecret?: string } | null)?.webhookSecret;
  const datasetLabels = useLabels('datasets');
  return (
    <section aria-labelledby="partners-title">
      <h1 id="partners-title">{t('partnersTitle')}</h1>
      <ErrorNotice error={loadError} />
      <ul class="cards">
        {(page?.items ?? []).map((partner) => (
          <li key={partner.id} class="card">
            <span class="breakable">
              <strong>{partner.name}</strong> ·{' '}
              {partner.agreement.datasets.map((dataset) => datasetLabels.label(dataset)).join(', ')}
              <br />
              <small>{partner.pgpFingerprint}</small>
            </span>
          </li>
        ))}
      </ul>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (
            await create({
              name,
              pgpPublicKey: key,
              ...(webhookUrl.trim() ? { webhookUrl: webhookUrl.trim() } : {}),
              agreement: { datasets },
            })
          ) {
            setName('');
            setKey('');
            setWebhookUrl('');
          }
        }}
      >
        <h2>{t('createPartner')}</h2>
        {created !== null && <Notice kind="ok">{secret ? t('webhookSecret', { secret }) : t('created')}</Notice>}
        <ErrorNotice error={error} />
        <Field label={t('name')} required value={name} onInput={(event) => setName(event.currentTarget.value)} />
        <TextArea
          label={t('pgpPublicKey')}
          required
          value={key}
          onInput={(event) => setKey(event.currentTarget.value)}
        />
        <Field
          label={t('webhookUrl')}
          type="url"
          value={webhookUrl}
          onInput={(event) => setWebhookUrl(event.currentTarget.value)}
        />
        <CheckboxGroup
          legend={t('datasets')}
          options={datasetLabels.options(DATASETS)}
          value={datasets}
          onChange={setDatasets}
        />
        <button type="submit">{t('createPartner')}</button>
      </form>
    </section>
  );
}
