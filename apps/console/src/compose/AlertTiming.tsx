import { useTranslation } from '../app/console-context';
import { Field } from '../components/Field';
import { alertTiming, canWiden, ComposeDraft } from './compose-draft';

/** An emptied field holds NaN until something is typed again. */
const shown = (value: number) => (Number.isNaN(value) ? '' : value);

type Timing = Pick<ComposeDraft, 'targetKind' | 'autoCloseAfterHours' | 'widenToAll' | 'widenAfterMinutes'>;

/**
 * How long answers are taken, and (for any target but everyone) whether everyone in the company
 * is asked after some minutes, for people travelling outside the departments or areas chosen.
 */
export function AlertTiming({ draft, onChange }: { draft: Timing; onChange: (patch: Partial<Timing>) => void }) {
  const { t } = useTranslation();
  const { autoCloseAfterHours: hours, widenAfterMinutes: minutes } = alertTiming;
  return (
    <fieldset>
      <legend>{t('compose.timing')}</legend>
      <Field label={t('compose.autoClose')} hint={t('compose.autoCloseHint')}>
        {(id, describedBy) => (
          <input
            id={id}
            name="autoCloseAfterHours"
            type="number"
            required
            min={hours.min}
            max={hours.max}
            step={1}
            aria-describedby={describedBy}
            value={shown(draft.autoCloseAfterHours)}
            onChange={(event) => onChange({ autoCloseAfterHours: event.target.valueAsNumber })}
          />
        )}
      </Field>
      {canWiden(draft) && (
        <>
          <label className="checkbox">
            <input type="checkbox" name="widenToAll" checked={draft.widenToAll} onChange={(event) => onChange({ widenToAll: event.target.checked })} />
            {t('compose.widen', { minutes: shown(draft.widenAfterMinutes) || '…' })}
          </label>
          {draft.widenToAll && (
            <Field label={t('compose.widenAfter')} hint={t('compose.widenAfterHint')}>
              {(id, describedBy) => (
                <input
                  id={id}
                  name="widenAfterMinutes"
                  type="number"
                  required
                  min={minutes.min}
                  max={minutes.max}
                  step={1}
                  aria-describedby={describedBy}
                  value={shown(draft.widenAfterMinutes)}
                  onChange={(event) => onChange({ widenAfterMinutes: event.target.valueAsNumber })}
                />
              )}
            </Field>
          )}
        </>
      )}
    </fieldset>
  );
}
