import { FormEvent, useMemo, useState } from 'react';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';

/** A company registers itself; its owner sets a password from the activation e-mail. */
export function SignUpScreen() {
  const { api, language } = useConsole();
  const { t } = useTranslation();
  const idempotencyKey = useMemo(() => `signup-${crypto.randomUUID()}`, []);
  const [form, setForm] = useState({ slug: '', displayName: '', ownerName: '', ownerEmail: '', defaultLanguage: language, allowPlainHttpAnswerLinks: false });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [doneFor, setDoneFor] = useState<string>();
  const set = (patch: Partial<typeof form>) => setForm((current) => ({ ...current, ...patch }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.tenant.signUp(
        {
          slug: form.slug.trim(),
          displayName: form.displayName.trim(),
          defaultLanguage: form.defaultLanguage,
          allowPlainHttpAnswerLinks: form.allowPlainHttpAnswerLinks,
          owner: { email: form.ownerEmail.trim(), displayName: form.ownerName.trim() },
        },
        idempotencyKey,
      );
      localStorage.setItem('anpi.lastTenant', form.slug.trim());
      setDoneFor(form.ownerEmail.trim());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  if (doneFor) {
    return (
      <section className="card narrow">
        <h1>{t('signup.heading')}</h1>
        <p className="notice notice-ok" role="status">
          {t('signup.done', { email: doneFor })}
        </p>
      </section>
    );
  }
  return (
    <section className="card narrow" aria-labelledby="signup-heading">
      <h1 id="signup-heading">{t('signup.heading')}</h1>
      <form onSubmit={submit}>
        <Field label={t('signup.slug')}>{(id) => <input id={id} name="slug" required pattern="[a-z0-9][a-z0-9\-]{1,62}" value={form.slug} onChange={(event) => set({ slug: event.target.value })} />}</Field>
        <Field label={t('signup.displayName')}>{(id) => <input id={id} name="displayName" required value={form.displayName} onChange={(event) => set({ displayName: event.target.value })} />}</Field>
        <Field label={t('signup.ownerName')}>{(id) => <input id={id} name="ownerName" autoComplete="name" required value={form.ownerName} onChange={(event) => set({ ownerName: event.target.value })} />}</Field>
        <Field label={t('signup.ownerEmail')}>
          {(id) => <input id={id} name="ownerEmail" type="email" autoComplete="email" required value={form.ownerEmail} onChange={(event) => set({ ownerEmail: event.target.value })} />}
        </Field>
        <Field label={t('signup.language')}>
          {(id) => (
            <select id={id} name="defaultLanguage" value={form.defaultLanguage} onChange={(event) => set({ defaultLanguage: event.target.value as 'ja' | 'en' })}>
              <option value="ja">日本語</option>
              <option value="en">English</option>
            </select>
          )}
        </Field>
        <label className="checkbox">
          <input type="checkbox" name="allowPlainHttpAnswerLinks" checked={form.allowPlainHttpAnswerLinks} onChange={(event) => set({ allowPlainHttpAnswerLinks: event.target.checked })} />
          {t('signup.plainHttp')}
        </label>
        <ErrorNotice error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('signup.submit')}
        </button>
      </form>
    </section>
  );
}
