import { FormEvent, useRef, useState } from 'react';
import { useFocusOnFirstRefusedField } from '../components/use-focus-on-first-refused-field';
import { ApiError } from '../api/api-error';
import { fieldErrorsOf } from '../api/field-problem-text';
import type { Department, EmployeeDetail } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { ProblemList } from '../components/ProblemList';
import { Field } from '../components/Field';
import { PrefectureSelect } from '../components/PrefectureSelect';
import { DepartmentCheckboxes } from './DepartmentCheckboxes';
import {
  departmentProblem,
  EmployeeFormValues,
  employeePatch,
  formValuesOf,
  isDuplicateEmployeeNumber,
  missingRequiredFields,
  newEmployeeBody,
  newEmployeeFormValues,
  problemsElsewhere,
  showsPrivateContacts,
  withPrivateEmailsFirst,
} from './employee-form';

interface EmployeeFormProps {
  /** The stored record to edit; none: a new hire, added with a POST. */
  employee?: EmployeeDetail;
  departments: Department[];
  /** The language a new hire's form starts with (the company's default). */
  newEmployeeLanguage?: 'ja' | 'en';
  canEdit: boolean;
  notify: (message?: string) => void;
  onSaved: (saved: EmployeeDetail) => void;
  onCreated: (created: EmployeeDetail) => void;
}

/**
 * The record as a form, or a new hire's blank one: an edit sends only the changed fields, and the
 * service's word on a field shows next to it.
 */
export function EmployeeForm({ employee, departments, newEmployeeLanguage = 'ja', canEdit, notify, onSaved, onCreated }: EmployeeFormProps) {
  const { api } = useConsole();
  const { t, language } = useTranslation();
  const [values, setValues] = useState(() => (employee ? formValuesOf(employee) : newEmployeeFormValues(newEmployeeLanguage)));
  const [saving, setSaving] = useState(false);
  const inFlight = useRef(false);
  const [error, setError] = useState<unknown>();
  const [missing, setMissing] = useState<string[]>([]);
  const form = useRef<HTMLFormElement>(null);
  const errors: Record<string, string> = {
    ...fieldErrorsOf(error, language),
    ...Object.fromEntries(missing.map((field) => [field, t('directory.required')])),
    ...(isDuplicateEmployeeNumber(error) && { employeeNumber: t('directory.numberTaken') }),
  };
  // A new hire's form shows every field; a stored record's only what this admin may see.
  const withPrivateContacts = employee === undefined || showsPrivateContacts(employee);

  // After a refused save, the keyboard lands on the first field to fix.
  useFocusOnFirstRefusedField(form, error, missing);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (inFlight.current) return;
    notify(undefined);
    setError(undefined);
    // The service names a refused address by its place in the list sent: the boxes must match it.
    const compacted = withPrivateEmailsFirst(values);
    setValues(compacted);
    const stillMissing = missingRequiredFields(compacted);
    setMissing(stillMissing);
    if (stillMissing.length > 0) return;
    if (employee === undefined) return submit(() => api.tenant.createEmployee(newEmployeeBody(compacted)), onCreated);
    const patch = employeePatch(employee, compacted);
    if (Object.keys(patch).length === 0) return notify(t('directory.unchanged'));
    return submit(() => api.tenant.updateEmployee(employee.id, patch), onSaved);
  }

  async function submit(request: () => Promise<EmployeeDetail>, done: (saved: EmployeeDetail) => void) {
    inFlight.current = true;
    setSaving(true);
    try {
      const saved = await request();
      setValues(formValuesOf(saved));
      done(saved);
    } catch (caught) {
      setError(caught);
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  }

  const change = (patch: Partial<EmployeeFormValues>) => setValues((current) => ({ ...current, ...patch }));
  const elsewhere = problemsElsewhere(errors);
  return (
    <form ref={form} onSubmit={save} noValidate>
      <fieldset disabled={!canEdit}>
        <TextField name="employeeNumber" label={t('directory.number')} required value={values.employeeNumber} error={errors.employeeNumber} onChange={(employeeNumber) => change({ employeeNumber })} />
        <TextField name="nameKanji" label={t('directory.name')} required value={values.nameKanji} error={errors.nameKanji} onChange={(nameKanji) => change({ nameKanji })} />
        <TextField name="nameKana" label={t('directory.kana')} required value={values.nameKana} error={errors.nameKana} onChange={(nameKana) => change({ nameKana })} />
        <PrefectureSelect
          name="workPrefecture"
          label={t('directory.prefecture')}
          required
          emptyOption={employee ? undefined : t('directory.choosePrefecture')}
          value={values.workPrefecture}
          error={errors.workPrefecture}
          onChange={(workPrefecture) => change({ workPrefecture })}
        />
        {withPrivateContacts && (
          <PrefectureSelect
            name="homePrefecture"
            label={t('directory.homePrefecture')}
            emptyOption={t('directory.noPrefecture')}
            value={values.homePrefecture}
            error={errors.homePrefecture}
            onChange={(homePrefecture) => change({ homePrefecture })}
          />
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
        <DepartmentCheckboxes departments={departments} selected={values.departmentIds} error={departmentProblem(errors)} onChange={(departmentIds) => change({ departmentIds })} />
        {withPrivateContacts && (
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
      <SaveError error={error} />
      <ProblemList problems={elsewhere} />
      {canEdit && <SaveButton creating={employee === undefined} saving={saving} />}
    </form>
  );
}

function SaveButton({ creating, saving }: { creating: boolean; saving: boolean }) {
  const { t } = useTranslation();
  const idle = creating ? t('directory.create') : t('directory.save');
  const busy = creating ? t('directory.creating') : t('directory.saving');
  return (
    <button type="submit" className="primary" disabled={saving} aria-busy={saving}>
      {saving ? busy : idle}
    </button>
  );
}

/** A 403 here means "outside your departments" (a department admin): said in the console's words, more precisely than a generic "not allowed". */
function SaveError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || error.status !== 403) return <ErrorNotice error={error} />;
  return (
    <p className="notice notice-error" role="alert">
      {t('directory.notAllowed')}
    </p>
  );
}

interface TextFieldProps {
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'email' | 'tel';
  required?: boolean;
  value: string;
  error?: string;
  onChange: (value: string) => void;
}

function TextField({ name, label, hint, type = 'text', required, value, error, onChange }: TextFieldProps) {
  // Someone else's contacts: the browser must not offer the admin's own saved ones (autoComplete off).
  return (
    <Field label={label} hint={hint} error={error}>
      {(id, describedBy, invalid) => (
        <input
          id={id}
          name={name}
          type={type}
          autoComplete="off"
          required={required}
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(event) => onChange(event.target.value)}
        />
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
