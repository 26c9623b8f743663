import { useId, useMemo, useState } from 'react';
import type { Department } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { departmentChoices, departmentFilterThreshold, departmentLabels, withDepartment } from './department-choices';

/**
 * The person's departments as check boxes in tree order. Many departments get a filter above a
 * scrolling box; what is ticked is also listed by name, since the filter can hide ticked boxes.
 */
export function DepartmentCheckboxes({ departments, selected, error, onChange }: { departments: Department[]; selected: string[]; error?: string; onChange: (departmentIds: string[]) => void }) {
  const { principal } = useConsole();
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const id = useId();
  const labels = useMemo(() => departmentLabels(departments), [departments]);
  const choices = useMemo(() => departmentChoices(departments, filter), [departments, filter]);
  const chosenNames = selected.flatMap((departmentId) => (labels.has(departmentId) ? [labels.get(departmentId)!] : []));
  const describedBy = [`${id}-chosen`, principal?.role === 'department_admin' ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean).join(' ');

  return (
    <fieldset aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
      <legend>{t('directory.memberOf')}</legend>
      {principal?.role === 'department_admin' && (
        <p className="hint" id={`${id}-hint`}>
          {t('directory.ownDepartmentsOnly')}
        </p>
      )}
      <p className="hint" id={`${id}-chosen`}>
        {chosenNames.length > 0 ? t('directory.departmentsChosen', { names: chosenNames.join('、') }) : t('directory.noDepartmentChosen')}
      </p>
      {departments.length > departmentFilterThreshold && (
        <div className="field">
          <label htmlFor={`${id}-filter`}>{t('directory.departmentFilter')}</label>
          <input id={`${id}-filter`} type="search" autoComplete="off" value={filter} onChange={(event) => setFilter(event.target.value)} />
        </div>
      )}
      {departments.length === 0 && <p className="hint">{t('directory.noDepartmentsYet')}</p>}
      {departments.length > 0 && (
        <div className="choices">
          {choices.map((choice) => (
            <label key={choice.id} className="checkbox" style={{ paddingInlineStart: `${choice.depth * 1.25}rem` }}>
              <input type="checkbox" name="departmentIds" value={choice.id} checked={selected.includes(choice.id)} onChange={(event) => onChange(withDepartment(selected, choice.id, event.target.checked))} />
              {choice.label}
            </label>
          ))}
          {choices.length === 0 && <p className="hint">{t('directory.noDepartmentMatches')}</p>}
        </div>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
