import { FormEvent, useEffect, useState } from 'react';
import type { Channel } from '../api/dispatch-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { channelFields, channelSettingsBody } from './channel-fields';

const channels = Object.keys(channelFields) as Channel[];

/**
 * The company's own providers per channel. Credentials go in and never come back (the API
 * shows "(stored)"), so a saved channel is replaced as a whole or reset to the installation's.
 */
export function ChannelSettings() {
  const { api } = useConsole();
  const { t } = useTranslation();
  const [configured, setConfigured] = useState<Record<string, unknown>>({});
  const [channel, setChannel] = useState<Channel>('email');
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    api.dispatch.channelSettings().then((settings) => setConfigured(settings.channels), setError);
  }, [api]);

  async function run(action: () => Promise<{ channels: Record<string, unknown> } | void>) {
    setNotice(undefined);
    setError(undefined);
    try {
      const result = await action();
      setConfigured(result ? result.channels : { ...configured, [channel]: undefined });
      setValues({});
      setNotice(t('settings.saved'));
    } catch (caught) {
      setError(caught);
    }
  }

  const save = (event: FormEvent) => (event.preventDefault(), void run(() => api.dispatch.saveChannelSettings(channel, channelSettingsBody(channel, values))));
  return (
    <form onSubmit={save} aria-labelledby="channels-heading">
      <h2 id="channels-heading">{t('settings.channels')}</h2>
      <ul>
        {channels.map((kind) => (
          <li key={kind}>
            {t(`channel.${kind}`)}: {configured[kind] ? t('settings.channelOwn') : t('settings.channelInstallation')}
          </li>
        ))}
      </ul>
      <Field label={t('settings.channel')}>
        {(id) => (
          <select id={id} value={channel} onChange={(event) => (setChannel(event.target.value as Channel), setValues({}))}>
            {channels.map((kind) => (
              <option key={kind} value={kind}>
                {t(`channel.${kind}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="row">
        {channelFields[channel].map((field) =>
          field.kind === 'boolean' ? (
            <label key={field.path} className="checkbox">
              <input type="checkbox" checked={values[field.path] === true} onChange={(event) => setValues({ ...values, [field.path]: event.target.checked })} />
              {field.path}
            </label>
          ) : (
            <Field key={field.path} label={field.path + (field.optional ? ` (${t('settings.optional')})` : '')}>
              {(id) => (
                <input
                  id={id}
                  type={field.kind === 'secret' ? 'password' : field.kind === 'number' ? 'number' : 'text'}
                  autoComplete="off"
                  required={!field.optional}
                  value={String(values[field.path] ?? '')}
                  onChange={(event) => setValues({ ...values, [field.path]: event.target.value })}
                />
              )}
            </Field>
          ),
        )}
      </div>
      <ErrorNotice error={error} />
      {notice && (
        <p className="notice notice-ok" role="status">
          {notice}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary">
          {t('settings.saveChannel')}
        </button>
        <button type="button" disabled={!configured[channel]} onClick={() => void run(() => api.dispatch.resetChannelSettings(channel))}>
          {t('settings.resetChannel')}
        </button>
      </div>
    </form>
  );
}
