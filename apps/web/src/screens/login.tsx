import { useState } from 'preact/hooks';

import { ApiError, post } from '../api';
import { t } from '../i18n';
import { unlockQueue } from '../offline-queue';
import { Session, setSession } from '../session';
import { ErrorNotice, Field, LanguageSwitch, Notice } from '../ui';

export function Login() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  /** Asked for once the API answers that this account has two-factor sign-in on. */
  const [totp, setTotp] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await post<Session>('/auth/login', { email, password, ...(totp ? { totp } : {}) });
      // The password opens (or first makes) this user's sealed offline queue; the key stays in memory only.
      // Awaited: the desk opens once the vault is written, so a reload without a connection right after
      // login still finds it and can check the password (a browser without IndexedDB just has no queue).
      await unlockQueue(answer.user.id, password, true).catch(() => undefined);
      setSession({
        accessToken: answer.accessToken,
        refreshToken: answer.refreshToken,
        user: answer.user,
        mfaEnrollmentRequired: answer.mfaEnrollmentRequired,
      });
    } catch (failure) {
      const mfaRequired = failure instanceof ApiError && /mfa_required$/.test(failure.problem.type ?? '');
      // The password was right: keep it and ask for the code (a wrong code is asked for again).
      if (mfaRequired && totp === null) setTotp('');
      else setError(failure);
      if (mfaRequired) setTotp('');
      else {
        setPassword('');
        setTotp(null);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <h1>{t('appName')}</h1>
      <form onSubmit={submit} aria-labelledby="login-title">
        <h2 id="login-title">{t('loginTitle')}</h2>
        <ErrorNotice error={error} />
        <Field
          label={t('email')}
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onInput={(event) => setEmail(event.currentTarget.value)}
        />
        <Field
          label={t('password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onInput={(event) => setPassword(event.currentTarget.value)}
        />
        {totp !== null && (
          <>
            {!error && <Notice kind="info">{t('totpNeeded')}</Notice>}
            <Field
              label={t('totpCode')}
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              autoFocus
              value={totp}
              onInput={(event) => setTotp(event.currentTarget.value)}
            />
          </>
        )}
        <button type="submit" disabled={busy}>
          {t('logIn')}
        </button>
      </form>
      <LanguageSwitch />
    </main>
  );
}
