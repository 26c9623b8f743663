import type { CsvEncoding } from '../api/responses-api';
import { useTranslation } from '../app/console-context';
import type { MessageKey } from '../i18n/messages';

const encodings = [
  { value: 'utf-8', label: 'downloads.utf8' },
  { value: 'shift_jis', label: 'downloads.shiftJis' },
] as const satisfies readonly { value: CsvEncoding; label: MessageKey }[];

/** UTF-8 or Shift_JIS for a CSV download: Excel in Japan opens CSV files as Shift_JIS. `name` keeps two choices on one screen apart. */
export function CsvEncodingChoice({ legend, name, value, onChange }: { legend: string; name: string; value: CsvEncoding; onChange: (encoding: CsvEncoding) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{legend}</legend>
      {encodings.map((encoding) => (
        <label key={encoding.value} className="radio">
          <input type="radio" name={name} value={encoding.value} checked={value === encoding.value} onChange={() => onChange(encoding.value)} />
          {t(encoding.label)}
        </label>
      ))}
    </fieldset>
  );
}
