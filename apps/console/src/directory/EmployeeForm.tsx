import { FormEvent, useEffect, useRef, useState } from 'react';
import type { EmployeeDetail } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { ProblemList } from '../components/ProblemList';
import { Field } from '../components/Field';
import { prefectures } from '../i18n/prefectures';
import { EmployeeFormValues, employeePatch, fieldErrorsOf, formValuesOf, problemsElsewhere, showsPrivateContacts, withPrivateEmailsFirst } from './employee-form';

/** The record as a form: only the changed fields are sent, and the service's word on a field shows next to it. */
export function EmployeeForm({ employee, canEdit, notify, onSaved }: { employee: EmployeeDetail; canEdit: boolean; notify: (message?: string) => void; onSaved: (saved: EmployeeDetail) => void }) {
  const { api } = useConsole();
  const { t } = useTranslation();
  const [values, setValues] = useState(() => formValuesOf(employee));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const form = useRef<HTMLFormElement>(null);
  const errors = fieldErrorsOf(error);

  // After a refused save, the keyboard lands on the first field to fix.
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);

  async function save(event: FormEvent) {
    event.preventDefault();
    notify(undefined);
    setError(undefined);
    // The service names a refused address by its place in the list sent: the boxes must match it.
    const compacted = withPrivateEmailsFirst(values);
    setValues(compacted);
    const patch = employeePatch(employee, compacted);
    if (Object.keys(patch).length === 0) return notify(t('directory.unchanged'));
    setSaving(true);
    try {
      const saved = await api.tenant.updateEmployee(employee.id, patch);
      setValues(formValuesOf(saved));
      onSaved(saved);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const change = (patch: Partial<EmployeeFormValues>) => setValues((current) => ({ ...current, ...patch }));
  const elsewhere = problemsElsewhere(errors);
  return (
    <form ref={form} onSubmit={save} noValidate>
      <fieldset disabled={!canEdit}>
        <TextField name="employeeNumber" label={t('directory.number')} value={values.employeeNumber} error={errors.employeeNumber} onChange={(employeeNumber) => change({ employeeNumber })} />
        <TextField name="nameKanji" label={t('directory.name')} value={values.nameKanji} error={errors.nameKanji} onChange={(nameKanji) => change({ nameKanji })} />
        <TextField name="nameKana" label={t('directory.kana')} value={values.nameKana} error={errors.nameKana} onChange={(nameKana) => change({ nameKana })} />
        <PrefectureSelect name="workPrefecture" label={t('directory.prefecture')} value={values.workPrefecture} error={errors.workPrefecture} onChange={(workPrefecture) => change({ workPrefecture })} />
        {showsPrivateContacts(employee) && (
          <PrefectureSelect name="homePrefecture" label={t('directory.homePrefecture')} optional value={values.homePrefecture} error={errors.homePrefecture} onChange={(homePrefecture) => change({ homePrefecture })} />
        )}
        <Field label={t('directory.language')} error={errors.language}>
          {(id, describedBy, invalid) => (
            <select id={id} name="language" value={values.language} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(event) => change({ language: event.target.value as 'ja' | 'en' })}>
              <option value="ja">日本語</option>
              <option value="en">English</option>
            </select>
          )}
        </Field>
        <TextField name="companyEmail" type="email" label={t('directory.email')} value={values.companyEmail} error={errors.companyEmail} onChange={(companyEmail) => change({ companyEmail })} />
        {showsPrivateContacts(employee) && (
          <>
            <PrivateEmails addresses={values.privateEmails} errors={errors} onChange={(privateEmails) => change({ privateEmails })} />
            <TextField
              name="mobilePhone"
              type="tel"
              label={t('directory.mobilePhone')}
              hint={t('directory.mobilePhoneHint')}
              value={values.mobilePhone}
              error={errors.mobilePhone}
              onChange={(mobilePhone) => change({ mobilePhone })}
            />
            <TextField name="lineUserId" label={t('directory.lineUserId')} hint={t('directory.lineUserIdHint')} value={values.lineUserId} error={errors.lineUserId} onChange={(lineUserId) => change({ lineUserId })} />
          </>
        )}
      </fieldset>
      {!canEdit && <p className="hint">{t('directory.editorsOnly')}</p>}
      <ErrorNotice error={error} />
      <ProblemList problems={elsewhere} />
      {canEdit && (
        <button type="submit" className="primary" disabled={saving} aria-busy={saving}>
          {saving ? t('directory.saving') : t('directory.save')}
        </button>
      )}
    </form>
  );
}

function TextField({ name, label, hint, type = 'text', value, error, onChange }: { name: string; label: string; hint?: string; type?: 'text' | 'email' | 'tel'; value: string; error?: string; onChange: (value: string) => void }) {
  // Someone else's contacts: the browser must not offer the admin's own saved ones (autoComplete off).
  return (
    <Field label={label} hint={hint} error={error}>
      {(id, describedBy, invalid) => (
        <input id={id} name={name} type={type} autoComplete="off" value={value} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(event) => onChange(event.target.value)} />
      )}
    </Field>
  );
}

function PrefectureSelect({ name, label, optional, value, error, onChange }: { name: string; label: string; optional?: boolean; value: string; error?: string; onChange: (code: string) => void }) {
  const { t, language } = useTranslation();
  return (
    <Field label={label} error={error}>
      {(id, describedBy, invalid) => (
        <select id={id} name={name} value={value} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(event) => onChange(event.target.value)}>
          {optional && <option value="">{t('directory.noPrefecture')}</option>}
          {prefectures.map((prefecture) => (
            <option key={prefecture.code} value={prefecture.code}>
              {prefecture[language]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** One box per address; a problem with the list as a whole (too many) shows under them all. */
function PrivateEmails({ addresses, errors, onChange }: { addresses: string[]; errors: Record<string, string>; onChange: (addresses: string[]) => void }) {
  const { t } = useTranslation();
  const listError = errors.privateEmails;
  return (
    <fieldset aria-describedby={listError ? 'private-emails-error' : undefined}>
      <legend>{t('directory.privateEmails')}</legend>
      {addresses.map((address, index) => (
        <TextField
          key={index}
          name={`privateEmails.${index}`}
          type="email"
          label={t('directory.privateEmail', { n: index + 1 })}
          value={address}
          error={errors[`privateEmails.${index}`]}
          onChange={(typed) => onChange(addresses.map((current, at) => (at === index ? typed : current)))}
        />
      ))}
      {listError && (
        <p className="field-error" id="private-emails-error">
          {listError}
        </p>
      )}
    </fieldset>
  );
}
