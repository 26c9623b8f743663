import { FormEvent, useEffect, useState } from 'react';
import type { MfaEnrollmentSecret } from '../api/auth-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { Explained, explainRefusal, isAlreadySetUp } from '../login/two-step-setup';
import { linkStatusKey } from '../own-safety-check/own-safety-check';
import { useOwnSafetyChecks } from '../own-safety-check/own-safety-checks-context';
import { TwoStepSetup } from '../login/TwoStepSetup';
import { ChannelSettings } from './ChannelSettings';
import { CompanySettingsForm } from './CompanySettingsForm';
import { MessageTemplates } from './MessageTemplates';
import { QuestionSetEditor } from './QuestionSetEditor';
import { resendDefaults, saveResendDefaults } from './resend-defaults';

export function SettingsScreen() {
  const { api, principal, language, setLanguage } = useConsole();
  const { t } = useTranslation();
  const [mfaRequired, setMfaRequired] = useState<boolean>();
  const [defaults, setDefaults] = useState(() => resendDefaults(localStorage));
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();
  const isOwner = principal?.role === 'owner';
  const linkStatus = linkStatusKey(useOwnSafetyChecks().list);

  useEffect(() => {
    api.auth.securitySettings().then((settings) => setMfaRequired(settings.mfaRequiredForAdmins), setError);
  }, [api]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setError(undefined);
    try {
      saveResendDefaults(localStorage, defaults);
      if (isOwner && mfaRequired !== undefined) await api.auth.updateSecuritySettings({ mfaRequiredForAdmins: mfaRequired });
      setSaved(true);
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section className="card" aria-labelledby="settings-heading">
      <h1 id="settings-heading">{t('settings.heading')}</h1>
      {linkStatus && (
        <p className="hint" data-testid="directory-person-status">
          {t(linkStatus)}
        </p>
      )}
      <form onSubmit={save}>
        <Field label={t('settings.language')}>
          {(id) => (
            <select id={id} value={language} onChange={(event) => setLanguage(event.target.value as 'ja' | 'en')}>
              <option value="ja">日本語</option>
              <option value="en">English</option>
            </select>
          )}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={mfaRequired ?? false} disabled={!isOwner || mfaRequired === undefined} onChange={(event) => setMfaRequired(event.target.checked)} />
          {t('settings.mfa')}
        </label>
        {!isOwner && <p className="hint">{t('settings.ownerOnly')}</p>}
        <fieldset>
          <legend>{t('settings.resendDefaults')}</legend>
          <div className="row">
            <Field label={t('compose.resendInterval')}>
              {(id) => <input id={id} type="number" min={5} max={1440} value={defaults.intervalMinutes} onChange={(event) => setDefaults({ ...defaults, intervalMinutes: Number(event.target.value) })} />}
            </Field>
            <Field label={t('compose.resendRounds')}>
              {(id) => <input id={id} type="number" min={0} max={10} value={defaults.maxRounds} onChange={(event) => setDefaults({ ...defaults, maxRounds: Number(event.target.value) })} />}
            </Field>
          </div>
        </fieldset>
        <ErrorNotice error={error} />
        {saved && (
          <p className="notice notice-ok" role="status">
            {t('settings.saved')}
          </p>
        )}
        <button type="submit" className="primary">
          {t('settings.save')}
        </button>
      </form>
      {(principal?.role === 'owner' || principal?.role === 'admin') && <TwoStepVerificationSettings />}
      {(principal?.role === 'owner' || principal?.role === 'admin') && <CompanySettingsForm canChange={isOwner} />}
      {(principal?.role === 'owner' || principal?.role === 'admin') && <ChannelSettings />}
      {(principal?.role === 'owner' || principal?.role === 'admin') && <MessageTemplates />}
      {(principal?.role === 'owner' || principal?.role === 'admin' || principal?.role === 'department_admin') && <QuestionSetEditor canEdit={principal.role !== 'department_admin'} />}
    </section>
  );
}

/**
 * The signed-in owner or admin sees whether their own second factor is on and, if not, sets it
 * up. auth-service takes the e-mail and password for it, not the session (the session carries
 * no e-mail, and a stolen session alone must not bind a thief's authenticator). Should the
 * state be unknown (its request failed) or change meanwhile, the service's 409 is still shown
 * as the fact it is, not as an error.
 */
function TwoStepVerificationSettings() {
  const { api } = useConsole();
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [enrollment, setEnrollment] = useState<MfaEnrollmentSecret>();
  const [outcome, setOutcome] = useState<'already' | 'done'>();
  // undefined while asking; 'unknown' when the question failed (the set-up form still works).
  const [state, setState] = useState<'active' | 'none' | 'unknown'>();
  const [refusal, setRefusal] = useState<Explained>();
  const [error, setError] = useState<unknown>();
  const credentials = { tenant: api.session.current()?.tenant ?? '', email: email.trim(), password };

  useEffect(() => {
    api.auth.mfaStatus().then(
      (status) => setState(status.secondFactor),
      () => setState('unknown'),
    );
  }, [api]);

  async function start(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setRefusal(undefined);
    setError(undefined);
    try {
      setEnrollment(await api.auth.startMfaEnrollment(credentials));
    } catch (caught) {
      const explained = explainRefusal(caught);
      if (isAlreadySetUp(caught)) setOutcome('already');
      else if (explained) setRefusal(explained);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function finish() {
    setEnrollment(undefined);
    setPassword('');
    setOutcome('done');
  }

  return (
    <div>
      <h2 id="two-step-settings-heading">{t('settings.twoStep')}</h2>
      {state === undefined ? (
        <p>{t('common.loading')}</p>
      ) : state === 'active' && !outcome ? (
        <p className="notice notice-ok" data-testid="two-step-active">
          {t('settings.twoStepActive')}
        </p>
      ) : enrollment ? (
        <TwoStepSetup credentials={credentials} enrollment={enrollment} onFinished={finish} onCancel={() => (setEnrollment(undefined), setPassword(''))} />
      ) : outcome ? (
        <p className="notice notice-ok" role="status">
          {t(outcome === 'already' ? 'twoStep.alreadySetUp' : 'settings.twoStepDone')}
        </p>
      ) : (
        <form onSubmit={start} aria-labelledby="two-step-settings-heading">
          <p className="hint">{t('settings.twoStepIntro')}</p>
          <Field label={t('login.email')}>{(id) => <input id={id} name="email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />}</Field>
          <Field label={t('login.password')}>
            {(id) => <input id={id} name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />}
          </Field>
          {refusal && (
            <p className="notice notice-error" role="alert">
              {t(refusal.key, refusal.values)}
            </p>
          )}
          <ErrorNotice error={error} />
          <button type="submit" className="primary" disabled={busy}>
            {t('settings.twoStepStart')}
          </button>
        </form>
      )}
    </div>
  );
}
