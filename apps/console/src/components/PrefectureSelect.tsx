import { useTranslation } from '../app/console-context';
import { prefectures } from '../i18n/prefectures';
import { Field } from './Field';

export interface PrefectureSelectProps {
  name?: string;
  label: string;
  required?: boolean;
  /** The first option, for "none" or "not chosen yet" (value ''). */
  emptyOption?: string;
  value: string;
  error?: string;
  onChange: (code: string) => void;
}

/** The 47 prefectures by name in the console's language, their JIS codes as values. */
export function PrefectureSelect({ name, label, required, emptyOption, value, error, onChange }: PrefectureSelectProps) {
  const { language } = useTranslation();
  return (
    <Field label={label} error={error}>
      {(id, describedBy, invalid) => (
        <select id={id} name={name} required={required} value={value} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(event) => onChange(event.target.value)}>
          {emptyOption !== undefined && <option value="">{emptyOption}</option>}
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
