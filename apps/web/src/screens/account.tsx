import qrcode from 'qrcode-generator';
import { useMemo, useState } from 'preact/hooks';

import { api, get, Page, post } from '../api';
import { formatDateTime, t } from '../i18n';
import { getSession, setSession } from '../session';
import { ErrorNotice, Field, Notice, useLoad, useSubmit } from '../ui';

interface SessionRow {
  id: string;
  createdAt: string;
  lastUsedAt: string | null;
  userAgent: string | null;
  current: boolean;
}

interface Me {
  twoFactor: { enabled: boolean; required: boolean; enrollmentRequired: boolean };
}

/** The otpauth:// URL as a QR code, drawn as SVG paths (no canvas, no inline markup). */
function QrCode({ text }: { text: string }) {
  const { size, path } = useMemo(() => {
    const code = qrcode(0, 'M');
    code.addData(text);
    code.make();
    const count = code.getModuleCount();
    let d = '';
    for (let row = 0; row < count; row += 1) {
      for (let col = 0; col < count; col += 1) if (code.isDark(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
    }
    return { size: count + 8, path: d };
  }, [text]);
  return (
    <svg
      class="qr"
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={t('totpQrLabel')}
      shape-rendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

/**
 * Turning on two-factor sign-in: a new secret as a QR code and as text, a code from the app to
 * confirm it, then the ten recovery codes, shown once.
 */
export function TwoFactorEnrollment({ onDone }: { onDone: () => void }) {
  const [started, setStarted] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const start = useSubmit(async () => setStarted(await post('/me/totp')));
  const confirm = useSubmit(async () => {
    const answer = await post<{ recoveryCodes: string[] }>('/me/totp/confirm', { totp: code });
    setRecoveryCodes(answer.recoveryCodes);
  });

  if (recoveryCodes) {
    return (
      <section aria-labelledby="recovery-title">
        <h2 id="recovery-title">{t('recoveryCodesTitle')}</h2>
        <Notice kind="ok">{t('totpOn')}</Notice>
        <p>{t('recoveryCodesHint')}</p>
        <ul class="recovery-codes" data-testid="recovery-codes">
          {recoveryCodes.map((recoveryCode) => (
            <li key={recoveryCode}>
              <code>{recoveryCode}</code>
            </li>
          ))}
        </ul>
        <button type="button" onClick={onDone}>
          {t('recoveryCodesSaved')}
        </button>
      </section>
    );
  }
  if (!started) {
    return (
      <form onSubmit={start.submit} aria-labelledby="totp-start-title">
        <h2 id="totp-start-title">{t('totpTitle')}</h2>
        <p>{t('totpIntro')}</p>
        <ErrorNotice error={start.error} />
        <button type="submit" disabled={start.busy}>
          {t('totpStart')}
        </button>
      </form>
    );
  }
  return (
    <form onSubmit={confirm.submit} aria-labelledby="totp-confirm-title">
      <h2 id="totp-confirm-title">{t('totpTitle')}</h2>
      <p>{t('totpScan')}</p>
      <QrCode text={started.otpauthUrl} />
      <p>
        {t('totpSecretText')} <code data-testid="totp-secret">{started.secret}</code>
      </p>
      <ErrorNotice error={confirm.error} />
      <Field
        label={t('totpCode')}
        name="totp"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9 ]{6,7}"
        required
        value={code}
        onInput={(event) => setCode(event.currentTarget.value)}
      />
      <button type="submit" disabled={confirm.busy}>
        {t('totpConfirm')}
      </button>
    </form>
  );
}

/** Shown instead of every screen while the user's role needs two-factor and it is not on yet. */
export function EnrollmentRequired() {
  return (
    <section aria-labelledby="enroll-title">
      <h1 id="enroll-title">{t('enrollRequiredTitle')}</h1>
      <p>{t('enrollRequiredIntro')}</p>
      <TwoFactorEnrollment
        onDone={() => {
          const session = getSession();
          if (session) setSession({ ...session, mfaEnrollmentRequired: false });
        }}
      />
    </section>
  );
}

function ChangePassword() {
  const [form, setForm] = useState({ currentPassword: '', newPassword: '' });
  const change = useSubmit(async () => {
    await post('/me/password', form);
    setForm({ currentPassword: '', newPassword: '' });
  });
  return (
    <form onSubmit={change.submit} aria-labelledby="password-title">
      <h2 id="password-title">{t('changePassword')}</h2>
      {change.done && <Notice kind="ok">{t('passwordChanged')}</Notice>}
      <ErrorNotice error={change.error} />
      <Field
        label={t('currentPassword')}
        type="password"
        autoComplete="current-password"
        required
        value={form.currentPassword}
        onInput={(event) => setForm({ ...form, currentPassword: event.currentTarget.value })}
      />
      <Field
        label={t('newPassword')}
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        hint={t('passwordRules')}
        value={form.newPassword}
        onInput={(event) => setForm({ ...form, newPassword: event.currentTarget.value })}
      />
      <button type="submit" disabled={change.busy}>
        {t('changePassword')}
      </button>
    </form>
  );
}

function Sessions() {
  const [page, loadError, reload] = useLoad(() => get<Page<SessionRow>>('/me/sessions'), []);
  const [error, setError] = useState<unknown>();
  const end = async (id: string) => {
    setError(undefined);
    try {
      await api('DELETE', `/me/sessions/${id}`);
      reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('sessionsTitle')}</h2>
      <ErrorNotice error={loadError ?? error} />
      <table class="sessions">
        <thead>
          <tr>
            <th scope="col">{t('sessionClient')}</th>
            <th scope="col">{t('sessionCreated')}</th>
            <th scope="col">{t('sessionLastUsed')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('endSession')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(page?.items ?? []).map((session) => (
            <tr key={session.id}>
              <td>{session.userAgent ?? '—'}</td>
              <td>{formatDateTime(session.createdAt)}</td>
              <td>{session.lastUsedAt ? formatDateTime(session.lastUsedAt) : '—'}</td>
              <td>
                {session.current ? (
                  t('sessionCurrent')
                ) : (
                  <button type="button" class="link" onClick={() => end(session.id)}>
                    {t('endSession')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** "My account": password, logins, two-factor sign-in. */
export function Account() {
  const [me, , reload] = useLoad(() => get<Me>('/me'), []);
  const [enrolling, setEnrolling] = useState(false);
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">{t('navAccount')}</h1>
      <ChangePassword />
      <Sessions />
      <section aria-labelledby="two-factor-title">
        <h2 id="two-factor-title">{t('totpTitle')}</h2>
        {me?.twoFactor.enabled && <p>{t('totpOn')}</p>}
        {me && !me.twoFactor.enabled && !enrolling && (
          <button type="button" onClick={() => setEnrolling(true)}>
            {t('totpStart')}
          </button>
        )}
        {enrolling && (
          <TwoFactorEnrollment
            onDone={() => {
              setEnrolling(false);
              reload();
            }}
          />
        )}
      </section>
    </section>
  );
}
