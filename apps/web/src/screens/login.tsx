import { useState } from 'preact/hooks';

import { post } from '../api';
import { t } from '../i18n';
import { Session, setSession } from '../session';
import { ErrorNotice, Field, LanguageSwitch } from '../ui';

export function Login() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await post<Session>('/auth/login', { email, password });
      setSession({ accessToken: answer.accessToken, refreshToken: answer.refreshToken, user: answer.user });
    } catch (failure) {
      setError(failure);
      setPassword('');
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
        <button type="submit" disabled={busy}>
          {t('logIn')}
        </button>
      </form>
      <LanguageSwitch />
    </main>
  );
}
