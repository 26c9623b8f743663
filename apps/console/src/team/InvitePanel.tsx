import { FormEvent, useMemo, useRef, useState } from 'react';
import { useFocusOnFirstRefusedField } from '../components/use-focus-on-first-refused-field';
import { ApiError } from '../api/api-error';
import { fieldErrorsOf } from '../api/field-problem-text';
import type { Department } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { ModalPanel } from '../components/ModalPanel';
import { ProblemList } from '../components/ProblemList';
import { departmentTree } from '../directory/department-tree';
import { roleLabel } from './team-labels';
import { emptyInvitation, InvitationValues, invitableRoles, invitationOf } from './team-rules';

const formPaths = new Set(['email', 'displayName', 'role', 'departmentIds']);

/**
 * Invites a colleague: the service creates the account and e-mails a single-use link to set a
 * password. Only the roles the viewer may grant are offered; a department admin also needs the
 * departments they look after. The service's word on a field shows at that field.
 */
export function InvitePanel({ departments, onClose, onInvited }: { departments: Department[]; onClose: () => void; onInvited: (email: string) => void }) {
  const { api, principal } = useConsole();
  const { t, language } = useTranslation();
  const [values, setValues] = useState<InvitationValues>(() => emptyInvitation(principal));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  const form = useRef<HTMLFormElement>(null);
  const tree = useMemo(() => departmentTree(departments), [departments]);

  const errors = fieldErrorsOf(error, language);
  // A second account with the same e-mail: the service answers 409 without a field, but the field is clear.
  if (error instanceof ApiError && error.status === 409) errors.email = t('team.emailTaken');
  // The one refusal the form can predict, said in the console's language rather than the service's.
  if (errors.departmentIds && values.role === 'department_admin' && values.departmentIds.length === 0) errors.departmentIds = t('team.departmentsRequired');
  const elsewhere = Object.entries(errors).filter(([path]) => !formPaths.has(path));
  const shownAtFields = Object.keys(errors).length > elsewhere.length;

  // A refused department choice: its first check box (the group itself when there is none).
  useFocusOnFirstRefusedField(form, error);

  async function send(event: FormEvent) {
    event.preventDefault();
    if (sending) return;
    setError(undefined);
    setSending(true);
    const invitation = invitationOf(values);
    try {
      await api.team.invite(invitation);
      onInvited(invitation.email);
    } catch (caught) {
      setError(caught);
    } finally {
      setSending(false);
    }
  }

  const change = (patch: Partial<InvitationValues>) => setValues((current) => ({ ...current, ...patch }));
  const toggleDepartment = (id: string, checked: boolean) => change({ departmentIds: checked ? [...values.departmentIds, id] : values.departmentIds.filter((chosen) => chosen !== id) });
  return (
    <ModalPanel labelledBy="invite-heading" heading={t('team.inviteHeading')} closeLabel={t('team.close')} onClose={onClose}>
      <p className="hint">{t('team.inviteIntro')}</p>
      <form ref={form} onSubmit={send} noValidate>
        <Field label={t('team.name')} error={errors.displayName}>
          {(id, describedBy, invalid) => (
            <input id={id} name="displayName" autoComplete="off" value={values.displayName} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(event) => change({ displayName: event.target.value })} />
          )}
        </Field>
        <Field label={t('team.email')} error={errors.email}>
          {(id, describedBy, invalid) => (
            <input id={id} name="email" type="email" autoComplete="off" value={values.email} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(event) => change({ email: event.target.value })} />
          )}
        </Field>
        <Field label={t('team.role')} hint={t('team.roleHint')} error={errors.role}>
          {(id, describedBy, invalid) => (
            <select id={id} name="role" value={values.role} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(event) => change({ role: event.target.value as InvitationValues['role'] })}>
              {invitableRoles(principal).map((role) => (
                <option key={role} value={role}>
                  {t(roleLabel[role])}
                </option>
              ))}
            </select>
          )}
        </Field>
        {values.role === 'department_admin' && (
          <fieldset aria-describedby={`invite-departments-hint${errors.departmentIds ? ' invite-departments-error' : ''}`} aria-invalid={errors.departmentIds ? true : undefined} tabIndex={errors.departmentIds ? -1 : undefined}>
            <legend>{t('team.inviteDepartments')}</legend>
            <p className="hint" id="invite-departments-hint">
              {t(tree.length > 0 ? 'team.inviteDepartmentsHint' : 'team.noDepartments')}
            </p>
            {tree.length > 0 && (
              <div className="choices">
                {tree.map(({ department, depth }) => (
                  <label key={department.id} className="checkbox" style={{ paddingInlineStart: `${depth * 1.25}rem` }}>
                    <input type="checkbox" name="departmentIds" value={department.id} checked={values.departmentIds.includes(department.id)} onChange={(event) => toggleDepartment(department.id, event.target.checked)} />
                    {department.name}
                  </label>
                ))}
              </div>
            )}
            {errors.departmentIds && (
              <p className="field-error" id="invite-departments-error">
                {errors.departmentIds}
              </p>
            )}
          </fieldset>
        )}
        {/* The general message only when no field shows what is wrong. */}
        {!shownAtFields && <ErrorNotice error={error} />}
        <ProblemList problems={elsewhere} />
        <div className="row">
          <button type="submit" className="primary" aria-busy={sending}>
            {sending ? t('team.sending') : t('team.send')}
          </button>
          <button type="button" onClick={onClose}>
            {t('team.cancel')}
          </button>
        </div>
      </form>
    </ModalPanel>
  );
}
