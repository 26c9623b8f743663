import { FormEvent, useState } from 'react';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';

/** "Forgot my password": the same answer whether or not the account exists. */
export function ForgotPasswordScreen() {
  const { api } = useConsole();
  const { t } = useTranslation();
  const [tenant, setTenant] = useState(() => localStorage.getItem('anpi.lastTenant') ?? '');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.auth.requestPasswordReset(tenant.trim(), email.trim());
      setSent(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card narrow" aria-labelledby="forgot-heading">
      <h1 id="forgot-heading">{t('forgot.heading')}</h1>
      {sent ? (
        <p className="notice notice-ok" role="status">
          {t('forgot.sent')}
        </p>
      ) : (
        <form onSubmit={submit}>
          <Field label={t('login.tenant')}>{(id) => <input id={id} autoComplete="organization" required value={tenant} onChange={(event) => setTenant(event.target.value)} />}</Field>
          <Field label={t('login.email')}>{(id) => <input id={id} type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />}</Field>
          <ErrorNotice error={error} />
          <button type="submit" className="primary" disabled={busy}>
            {t('forgot.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
