import { FormEvent, useEffect, useState } from 'react';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { ChannelSettings } from './ChannelSettings';
import { CompanySettingsForm } from './CompanySettingsForm';
import { resendDefaults, saveResendDefaults } from './resend-defaults';

export function SettingsScreen() {
  const { api, principal, language, setLanguage } = useConsole();
  const { t } = useTranslation();
  const [mfaRequired, setMfaRequired] = useState<boolean>();
  const [defaults, setDefaults] = useState(() => resendDefaults(localStorage));
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();
  const isOwner = principal?.role === 'owner';

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
      {(principal?.role === 'owner' || principal?.role === 'admin') && <CompanySettingsForm canChange={isOwner} />}
      {(principal?.role === 'owner' || principal?.role === 'admin') && <ChannelSettings />}
    </section>
  );
}
