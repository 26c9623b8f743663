import { FormEvent, useEffect, useState } from 'react';
import type { CompanySettings } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';

const timeZones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Tokyo'];

/** The company's own settings (tenant-service); admins see them, only the owner changes them. */
export function CompanySettingsForm({ canChange }: { canChange: boolean }) {
  const { api } = useConsole();
  const { t } = useTranslation();
  const [stored, setStored] = useState<CompanySettings>();
  const [draft, setDraft] = useState<CompanySettings>();
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    api.tenant.companySettings().then((settings) => (setStored(settings), setDraft(settings)), setError);
  }, [api]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!stored || !draft) return;
    setSaved(false);
    setError(undefined);
    const changes = Object.fromEntries(Object.entries(draft).filter(([field, value]) => stored[field as keyof CompanySettings] !== value));
    if (Object.keys(changes).length === 0) return setSaved(true);
    try {
      const settings = await api.tenant.updateCompanySettings(changes);
      setStored(settings);
      setDraft(settings);
      setSaved(true);
    } catch (caught) {
      setError(caught);
    }
  }

  if (!draft) return <ErrorNotice error={error} />;
  const change = (patch: Partial<CompanySettings>) => setDraft({ ...draft, ...patch });
  return (
    <form onSubmit={save} aria-labelledby="company-settings-heading">
      <h2 id="company-settings-heading">{t('settings.company')}</h2>
      <fieldset disabled={!canChange}>
        <Field label={t('settings.companyName')}>{(id) => <input id={id} required maxLength={200} value={draft.displayName} onChange={(event) => change({ displayName: event.target.value })} />}</Field>
        <Field label={t('settings.defaultLanguage')}>
          {(id) => (
            <select id={id} value={draft.defaultLanguage} onChange={(event) => change({ defaultLanguage: event.target.value as 'ja' | 'en' })}>
              <option value="ja">日本語</option>
              <option value="en">English</option>
            </select>
          )}
        </Field>
        <Field label={t('settings.timeZone')}>
          {(id) => (
            <select id={id} value={draft.timeZone} onChange={(event) => change({ timeZone: event.target.value })}>
              {timeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={draft.allowPlainHttpAnswerLinks} onChange={(event) => change({ allowPlainHttpAnswerLinks: event.target.checked })} />
          {t('settings.plainHttp')}
        </label>
      </fieldset>
      {!canChange && <p className="hint">{t('settings.ownerOnly')}</p>}
      <ErrorNotice error={error} />
      {saved && (
        <p className="notice notice-ok" role="status">
          {t('settings.saved')}
        </p>
      )}
      {canChange && (
        <button type="submit" className="primary">
          {t('settings.save')}
        </button>
      )}
    </form>
  );
}
