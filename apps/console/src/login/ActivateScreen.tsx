import { FormEvent, useState } from 'react';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';

/**
 * Where activation and password-reset e-mails point (/activate#token=…, /reset-password#token=…):
 * the token sits in the fragment, which browsers never send to a server or put in a Referer.
 */
export function ActivateScreen({ purpose }: { purpose: 'activate' | 'reset' }) {
  const { api, navigate } = useConsole();
  const { t } = useTranslation();
  const [token] = useState(() => new URLSearchParams(location.hash.slice(1)).get('token') ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (purpose === 'activate') await api.auth.activateAccount(token, password);
      else await api.auth.completePasswordReset(token, password);
      history.replaceState(null, '', location.pathname);
      setDone(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card narrow" aria-labelledby="activate-heading">
      <h1 id="activate-heading">{t('activate.heading')}</h1>
      {!token && !done && (
        <p className="notice notice-error" role="alert">
          {t('activate.noToken')}
        </p>
      )}
      {done ? (
        <>
          <p className="notice notice-ok" role="status">
            {t('activate.done')}
          </p>
          <button type="button" className="primary" onClick={() => navigate('/login')}>
            {t('login.submit')}
          </button>
        </>
      ) : (
        <form onSubmit={submit}>
          <Field label={t('activate.password')}>
            {(id) => <input id={id} name="password" type="password" autoComplete="new-password" minLength={12} required value={password} onChange={(event) => setPassword(event.target.value)} />}
          </Field>
          <ErrorNotice error={error} />
          <button type="submit" className="primary" disabled={busy || !token}>
            {t('activate.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
