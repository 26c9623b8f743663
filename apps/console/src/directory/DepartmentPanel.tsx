import { FormEvent, useMemo, useRef, useState } from 'react';
import { useFocusOnFirstRefusedField } from '../components/use-focus-on-first-refused-field';
import { ApiError } from '../api/api-error';
import { fieldErrorsOf } from '../api/field-problem-text';
import type { Department } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { ConfirmedAction } from '../components/ConfirmedAction';
import { ModalPanel } from '../components/ModalPanel';
import { ProblemList } from '../components/ProblemList';
import { departmentLabels } from './department-choices';
import { blankDepartmentValues, DepartmentFormValues, departmentFormValuesOf, departmentPatch, newDepartmentBody, parentChoices, subDepartmentsOf } from './department-editing';
import { departmentTree } from './department-tree';

interface DepartmentPanelProps {
  /** The tenant's departments as the directory screen has them (it reloads them after `onChanged`). */
  departments: Department[];
  onClose: () => void;
  onChanged: () => void;
}

const formFields = new Set(['name', 'code', 'parentId']);

/**
 * Owners and admins add, rename, re-code, move and delete departments. The tree on the left of
 * the directory follows every change (the screen reloads it); a move the service refuses (under
 * the department's own branch, which another admin may just have made) shows at the parent field.
 */
export function DepartmentPanel({ departments, onClose, onChanged }: DepartmentPanelProps) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<string>();
  const [selectedId, setSelectedId] = useState<string>();
  // A new key empties the "new department" form after each one added.
  const [added, setAdded] = useState(0);
  const tree = useMemo(() => departmentTree(departments), [departments]);
  const labels = useMemo(() => departmentLabels(departments), [departments]);
  const selected = departments.find((department) => department.id === selectedId);

  return (
    <ModalPanel labelledBy="department-panel-heading" heading={t('departments.heading')} closeLabel={t('directory.close')} onClose={onClose}>
      <p role="status" className={notice ? 'notice notice-ok' : undefined}>
        {notice}
      </p>
      <section aria-labelledby="new-department-heading">
        <h3 id="new-department-heading">{t('departments.new')}</h3>
        <DepartmentForm
          key={added}
          departments={departments}
          notify={setNotice}
          onSaved={(department) => {
            setAdded((count) => count + 1);
            setNotice(t('departments.created', { name: department.name }));
            onChanged();
          }}
          onRefused={onChanged}
        />
      </section>
      <section aria-labelledby="department-list-heading">
        <h3 id="department-list-heading">{t('departments.list')}</h3>
        {tree.length === 0 && <p className="hint">{t('directory.noDepartmentsYet')}</p>}
        <div className="department-tree">
          <ul>
            {tree.map(({ department, depth }) => (
              <li key={department.id} style={{ paddingInlineStart: `${depth}rem` }}>
                <button type="button" className="link" aria-current={department.id === selectedId} onClick={() => (setSelectedId(department.id), setNotice(undefined))}>
                  {labels.get(department.id)}
                </button>
                {department.code && <span className="hint"> ({department.code})</span>}
              </li>
            ))}
          </ul>
        </div>
      </section>
      {selected && (
        <section aria-labelledby="edit-department-heading">
          <h3 id="edit-department-heading">{t('departments.edit')}</h3>
          {/* Keyed by the department: another one chosen starts from its own stored values. */}
          <DepartmentForm
            key={selected.id}
            department={selected}
            departments={departments}
            notify={setNotice}
            onSaved={() => {
              setNotice(t('directory.saved'));
              onChanged();
            }}
            onRefused={onChanged}
          />
          <DeleteDepartment
            department={selected}
            subDepartmentCount={subDepartmentsOf(departments, selected.id).length}
            notify={setNotice}
            onDeleted={() => {
              setSelectedId(undefined);
              setNotice(t('departments.deleted', { name: selected.name }));
              onChanged();
              document.getElementById('department-panel-heading')?.focus();
            }}
          />
        </section>
      )}
    </ModalPanel>
  );
}

interface DepartmentFormProps {
  /** The stored department to change; none: a new one, added with a POST. */
  department?: Department;
  departments: Department[];
  notify: (message?: string) => void;
  onSaved: (department: Department) => void;
  /** A refusal may come from a tree that changed meanwhile: the owner reloads it. */
  onRefused: () => void;
}

function DepartmentForm({ department, departments, notify, onSaved, onRefused }: DepartmentFormProps) {
  const { api } = useConsole();
  const { t, language } = useTranslation();
  const [values, setValues] = useState<DepartmentFormValues>(() => (department ? departmentFormValuesOf(department) : blankDepartmentValues()));
  const [error, setError] = useState<unknown>();
  const [nameMissing, setNameMissing] = useState(false);
  const [saving, setSaving] = useState(false);
  const inFlight = useRef(false);
  const form = useRef<HTMLFormElement>(null);
  const choices = useMemo(() => parentChoices(departments, department?.id), [departments, department?.id]);
  const serviceErrors = fieldErrorsOf(error, language);
  const errors: Record<string, string | undefined> = {
    ...serviceErrors,
    ...(nameMissing && { name: t('directory.required') }),
    // The service's own words (a tree rule names no rule the console could translate), framed in the console's language.
    ...(serviceErrors.parentId && { parentId: t('departments.parentRefused', { message: serviceErrors.parentId }) }),
  };
  const elsewhere = Object.entries(serviceErrors).filter(([path]) => !formFields.has(path));
  const idPrefix = department ? 'edit-department' : 'new-department';

  // After a refused save, the keyboard lands on the first field to fix.
  useFocusOnFirstRefusedField(form, error, nameMissing);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (inFlight.current) return;
    notify(undefined);
    setError(undefined);
    const missing = values.name.trim() === '';
    setNameMissing(missing);
    if (missing) return;
    let request: () => Promise<Department>;
    if (department) {
      const patch = departmentPatch(department, values);
      if (Object.keys(patch).length === 0) return notify(t('directory.unchanged'));
      request = () => api.tenant.updateDepartment(department.id, patch);
    } else {
      request = () => api.tenant.createDepartment(newDepartmentBody(values));
    }
    inFlight.current = true;
    setSaving(true);
    try {
      const saved = await request();
      if (department) setValues(departmentFormValuesOf(saved));
      onSaved(saved);
    } catch (caught) {
      setError(caught);
      onRefused();
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  }

  const change = (patch: Partial<DepartmentFormValues>) => setValues((current) => ({ ...current, ...patch }));
  return (
    <form ref={form} onSubmit={save} noValidate aria-labelledby={`${idPrefix}-heading`}>
      <Field label={t('departments.name')} error={errors.name}>
        {(id, describedBy, invalid) => (
          <input id={id} name="name" required autoComplete="off" value={values.name} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(event) => change({ name: event.target.value })} />
        )}
      </Field>
      <Field label={t('departments.code')} hint={t('departments.codeHint')} error={errors.code}>
        {(id, describedBy, invalid) => (
          <input id={id} name="code" autoComplete="off" value={values.code} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(event) => change({ code: event.target.value })} />
        )}
      </Field>
      <Field label={t('departments.parent')} hint={department ? t('departments.parentHint') : undefined} error={errors.parentId}>
        {(id, describedBy, invalid) => (
          <select id={id} name="parentId" value={values.parentId} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(event) => change({ parentId: event.target.value })}>
            <option value="">{t('departments.topLevel')}</option>
            {choices.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {/* Options cannot be padded: the depth shows as leading spaces. */}
                {'\u00a0\u00a0'.repeat(choice.depth)}
                {choice.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {elsewhere.length === 0 && !(error instanceof ApiError && error.details.length > 0) && <ErrorNotice error={error} />}
      <ProblemList problems={elsewhere} />
      <button type="submit" className="primary" disabled={saving} aria-busy={saving}>
        {department ? (saving ? t('directory.saving') : t('directory.save')) : saving ? t('directory.creating') : t('departments.create')}
      </button>
    </form>
  );
}

/**
 * Deleting asks first and says the service's rule: only an empty department goes (no people,
 * no sub-departments: they are never deleted or moved along with it).
 */
function DeleteDepartment({ department, subDepartmentCount, notify, onDeleted }: { department: Department; subDepartmentCount: number; notify: (message?: string) => void; onDeleted: () => void }) {
  const { api } = useConsole();
  const { t } = useTranslation();
  return (
    <ConfirmedAction
      label={t('departments.delete')}
      explanation={
        <>
          <p>{t('departments.deleteConfirm', { name: department.name })}</p>
          {subDepartmentCount > 0 && <p>{t('departments.hasSubDepartments', { count: subDepartmentCount })}</p>}
        </>
      }
      confirmLabel={t('departments.deleteConfirmed')}
      cancelLabel={t('departments.cancel')}
      onStart={() => notify(undefined)}
      action={async () => {
        await api.tenant.deleteDepartment(department.id);
        onDeleted();
      }}
      describeRefusal={(error) => (error instanceof ApiError && error.status === 409 ? t('departments.notEmpty', { message: error.message }) : undefined)}
    />
  );
}
