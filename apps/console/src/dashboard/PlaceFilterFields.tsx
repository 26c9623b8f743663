import { useTranslation } from '../app/console-context';
import { Field } from '../components/Field';
import { PrefectureSelect } from '../components/PrefectureSelect';
import type { DepartmentFilterOption, FilterChoice } from './non-responder-view';

/** Department (with its sub-departments, shown as paths) and work prefecture: how the dashboard's lists narrow down to people. */
export function PlaceFilterFields({ choice, onChange, departments }: { choice: FilterChoice; onChange: (choice: FilterChoice) => void; departments: DepartmentFilterOption[] }) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('nonResponders.department')}>
        {(id) => (
          <select id={id} value={choice.department} onChange={(event) => onChange({ ...choice, department: event.target.value })}>
            <option value="">{t('nonResponders.all')}</option>
            {departments.map((department) => (
              <option key={department.id} value={department.id}>
                {department.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <PrefectureSelect label={t('nonResponders.workPrefecture')} emptyOption={t('nonResponders.all')} value={choice.workPrefecture} onChange={(workPrefecture) => onChange({ ...choice, workPrefecture })} />
    </>
  );
}
