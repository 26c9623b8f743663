import { FormEvent, useState } from 'react';
import { ApiError } from '../api/api-error';
import type { MfaEnrollmentSecret } from '../api/auth-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { Explained, explainRefusal, isAlreadySetUp } from './two-step-setup';
import { TwoStepSetup } from './TwoStepSetup';

/**
 * Password first; the code field appears when auth-service asks for the second factor (with a
 * recovery code as the way in for someone who lost their phone). A company that requires two-step
 * verification gets no session before it is set up, so the set-up starts right here, with the
 * credentials already typed.
 */
export function LoginScreen({ expired, onLoggedIn }: { expired: boolean; onLoggedIn: () => void }) {
  const { api, navigate } = useConsole();
  const { t } = useTranslation();
  const [tenant, setTenant] = useState(() => localStorage.getItem('anpi.lastTenant') ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [oneTimeCode, setOneTimeCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [codeKind, setCodeKind] = useState<'app' | 'recovery'>('app');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [refusal, setRefusal] = useState<Explained>();
  const [mayStartSetUp, setMayStartSetUp] = useState(false);
  const [enrollment, setEnrollment] = useState<MfaEnrollmentSecret>();
  const [setUpJustNow, setSetUpJustNow] = useState(false);
  const credentials = () => ({ tenant: tenant.trim(), email: email.trim(), password });

  function showProblem(caught: unknown, codeTyped: 'none' | 'app' | 'recovery') {
    const explained = explainRefusal(caught, codeTyped);
    if (explained) setRefusal(explained);
    else setError(caught);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setRefusal(undefined);
    setMayStartSetUp(false);
    const code = !needsCode ? {} : codeKind === 'app' ? { oneTimeCode: oneTimeCode.replace(/\s+/g, '') } : { recoveryCode: recoveryCode.trim() };
    try {
      const tokens = await api.auth.logIn({ ...credentials(), ...code });
      localStorage.setItem('anpi.lastTenant', tenant.trim());
      api.session.save({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, tenant: tenant.trim() });
      onLoggedIn();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'mfa_code_required') setNeedsCode(true);
      else {
        if (caught instanceof ApiError && caught.code === 'mfa_enrollment_required') setMayStartSetUp(true);
        showProblem(caught, needsCode ? codeKind : 'none');
      }
    } finally {
      setBusy(false);
    }
  }

  async function startSetUp() {
    setBusy(true);
    setError(undefined);
    setRefusal(undefined);
    try {
      setEnrollment(await api.auth.startMfaEnrollment(credentials()));
      setMayStartSetUp(false);
    } catch (caught) {
      // Set up meanwhile (another tab, another device): what is left is to log in with a code.
      if (isAlreadySetUp(caught)) {
        setMayStartSetUp(false);
        setNeedsCode(true);
      }
      showProblem(caught, 'none');
    } finally {
      setBusy(false);
    }
  }

  function finishSetUp() {
    setEnrollment(undefined);
    setNeedsCode(true);
    setCodeKind('app');
    setOneTimeCode('');
    setSetUpJustNow(true);
  }

  function switchCodeKind(kind: 'app' | 'recovery') {
    setCodeKind(kind);
    setRefusal(undefined);
  }

  if (enrollment) {
    return (
      <section className="card narrow" aria-labelledby="two-step-heading">
        <h1 id="two-step-heading">{t('twoStep.heading')}</h1>
        <TwoStepSetup credentials={credentials()} enrollment={enrollment} onFinished={finishSetUp} onCancel={() => setEnrollment(undefined)} />
      </section>
    );
  }

  return (
    <section className="card narrow" aria-labelledby="login-heading">
      <h1 id="login-heading">{t('login.heading')}</h1>
      {expired && (
        <p className="notice" role="status">
          {t('login.expired')}
        </p>
      )}
      {setUpJustNow && (
        <p className="notice notice-ok" role="status">
          {t('login.setUpDone')}
        </p>
      )}
      <form onSubmit={submit} noValidate={false}>
        <Field label={t('login.tenant')}>{(id) => <input id={id} name="tenant" autoComplete="organization" required value={tenant} onChange={(event) => setTenant(event.target.value)} />}</Field>
        <Field label={t('login.email')}>{(id) => <input id={id} name="email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />}</Field>
        <Field label={t('login.password')}>
          {(id) => <input id={id} name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />}
        </Field>
        {needsCode && codeKind === 'app' && (
          <Field label={t('login.code')} hint={t('login.codeHint')}>
            {(id, hint) => (
              <input
                id={id}
                name="oneTimeCode"
                inputMode="numeric"
                pattern="[0-9]{6}"
                autoComplete="one-time-code"
                required
                autoFocus
                aria-describedby={hint}
                value={oneTimeCode}
                onChange={(event) => setOneTimeCode(event.target.value)}
              />
            )}
          </Field>
        )}
        {needsCode && codeKind === 'recovery' && (
          <Field label={t('login.recoveryCode')} hint={t('login.recoveryCodeHint')}>
            {(id, hint) => (
              <input
                id={id}
                name="recoveryCode"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                minLength={16}
                maxLength={40}
                required
                autoFocus
                aria-describedby={hint}
                value={recoveryCode}
                onChange={(event) => setRecoveryCode(event.target.value)}
              />
            )}
          </Field>
        )}
        {needsCode && (
          <p>
            <button type="button" className="link" onClick={() => switchCodeKind(codeKind === 'app' ? 'recovery' : 'app')}>
              {t(codeKind === 'app' ? 'login.useRecoveryCode' : 'login.useAppCode')}
            </button>
          </p>
        )}
        {refusal && (
          <p className="notice notice-error" role="alert">
            {t(refusal.key, refusal.values)}
          </p>
        )}
        <ErrorNotice error={error} />
        {mayStartSetUp && (
          <button type="button" className="primary" disabled={busy} onClick={startSetUp}>
            {t('login.setUpNow')}
          </button>
        )}{' '}
        <button type="submit" className={mayStartSetUp ? undefined : 'primary'} disabled={busy}>
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
