import { FormEvent, useState } from 'react';
import { ApiError } from '../api/api-error';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { MessageKey } from '../i18n/messages';

const refusalMessages: Record<string, MessageKey> = { mfa_code_wrong: 'login.codeWrong', mfa_enrollment_required: 'login.enrollmentRequired' };

/** Password first; the TOTP field appears when auth-service asks for the second factor. */
export function LoginScreen({ expired, onLoggedIn }: { expired: boolean; onLoggedIn: () => void }) {
  const { api, navigate } = useConsole();
  const { t } = useTranslation();
  const [tenant, setTenant] = useState(() => localStorage.getItem('anpi.lastTenant') ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [oneTimeCode, setOneTimeCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [refusal, setRefusal] = useState<MessageKey>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setRefusal(undefined);
    try {
      const tokens = await api.auth.logIn({ tenant: tenant.trim(), email: email.trim(), password, ...(needsCode ? { oneTimeCode: oneTimeCode.trim() } : {}) });
      localStorage.setItem('anpi.lastTenant', tenant.trim());
      api.session.save({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, tenant: tenant.trim() });
      onLoggedIn();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'mfa_code_required') setNeedsCode(true);
      else if (caught instanceof ApiError && refusalMessages[caught.code]) setRefusal(refusalMessages[caught.code]);
      else if (caught instanceof ApiError && caught.status === 401) setRefusal('login.failed');
      else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card narrow" aria-labelledby="login-heading">
      <h1 id="login-heading">{t('login.heading')}</h1>
      {expired && (
        <p className="notice" role="status">
          {t('login.expired')}
        </p>
      )}
      <form onSubmit={submit} noValidate={false}>
        <Field label={t('login.tenant')}>{(id) => <input id={id} name="tenant" autoComplete="organization" required value={tenant} onChange={(event) => setTenant(event.target.value)} />}</Field>
        <Field label={t('login.email')}>{(id) => <input id={id} name="email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />}</Field>
        <Field label={t('login.password')}>
          {(id) => <input id={id} name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />}
        </Field>
        {needsCode && (
          <Field label={t('login.code')} hint={t('login.codeHint')}>
            {(id, hint) => (
              <input id={id} name="oneTimeCode" inputMode="numeric" pattern="[0-9]{6}" autoComplete="one-time-code" required autoFocus aria-describedby={hint} value={oneTimeCode} onChange={(event) => setOneTimeCode(event.target.value)} />
            )}
          </Field>
        )}
        {refusal && (
          <p className="notice notice-error" role="alert">
            {t(refusal)}
          </p>
        )}
        <ErrorNotice error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
      <p>
        <a href="/forgot-password" onClick={(event) => (event.preventDefault(), navigate('/forgot-password'))}>
          {t('login.forgot')}
        </a>
      </p>
      <p>
        <a href="/signup" onClick={(event) => (event.preventDefault(), navigate('/signup'))}>
          {t('login.toSignup')}
        </a>
      </p>
    </section>
  );
}
