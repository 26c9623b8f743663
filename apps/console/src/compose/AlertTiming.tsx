import { useTranslation } from '../app/console-context';
import { alertTiming, canWiden, ComposeDraft } from './compose-draft';
import { WholeNumberField } from './WholeNumberField';

type Timing = Pick<ComposeDraft, 'targetKind' | 'autoCloseAfterHours' | 'widenToAll' | 'widenAfterMinutes'>;

/**
 * How long answers are taken, and (for any target but everyone) whether everyone in the company
 * is asked after some minutes, for people travelling outside the departments or areas chosen.
 */
export function AlertTiming({ draft, onChange }: { draft: Timing; onChange: (patch: Partial<Timing>) => void }) {
  const { t } = useTranslation();
  const minutes = Number.isNaN(draft.widenAfterMinutes) ? '…' : draft.widenAfterMinutes;
  return (
    <fieldset>
      <legend>{t('compose.timing')}</legend>
      <WholeNumberField
        name="autoCloseAfterHours"
        label={t('compose.autoClose')}
        hint={t('compose.autoCloseHint')}
        unit={t('compose.unit.hours')}
        limits={alertTiming.autoCloseAfterHours}
        value={draft.autoCloseAfterHours}
        onChange={(autoCloseAfterHours) => onChange({ autoCloseAfterHours })}
      />
      {canWiden(draft) && (
        <>
          <label className="checkbox">
            <input type="checkbox" name="widenToAll" checked={draft.widenToAll} onChange={(event) => onChange({ widenToAll: event.target.checked })} />
            {t('compose.widen', { minutes })}
          </label>
          {draft.widenToAll && (
            <WholeNumberField
              name="widenAfterMinutes"
              label={t('compose.widenAfter')}
              hint={t('compose.widenAfterHint')}
              unit={t('compose.unit.minutes')}
              limits={alertTiming.widenAfterMinutes}
              value={draft.widenAfterMinutes}
              onChange={(widenAfterMinutes) => onChange({ widenAfterMinutes })}
            />
          )}
        </>
      )}
    </fieldset>
  );
}
