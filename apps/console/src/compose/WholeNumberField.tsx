import { useTranslation } from '../app/console-context';
import { Field } from '../components/Field';
import { shownNumber, wholeNumberError } from './whole-number-field';

interface WholeNumberFieldProps {
  name: string;
  label: string;
  hint: string;
  /** What the number counts ("時間", "minutes"), shown after the box and in the error. */
  unit: string;
  limits: { min: number; max: number };
  value: number;
  onChange: (value: number) => void;
}

/**
 * A whole number the service takes only within `limits`: the unit after the box, and, while the
 * value is outside them (or the box is empty), the range in words, since the send button stays
 * disabled until it is fixed.
 */
export function WholeNumberField({ name, label, hint, unit, limits, value, onChange }: WholeNumberFieldProps) {
  const { language } = useTranslation();
  const error = wholeNumberError(value, limits, unit, language);
  return (
    <Field label={label} hint={hint} error={error}>
      {(id, describedBy, invalid) => (
        <span className="row" style={{ alignItems: 'center' }}>
          <input
            id={id}
            name={name}
            type="number"
            required
            min={limits.min}
            max={limits.max}
            step={1}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={shownNumber(value)}
            onChange={(event) => onChange(event.target.valueAsNumber)}
          />
          <span>{unit}</span>
        </span>
      )}
    </Field>
  );
}
