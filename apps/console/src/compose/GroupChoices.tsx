import { targetLimits } from '../api/dispatch-api';
import type { Group } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';

/**
 * The company's groups as check boxes, with how many people each holds. `groups` is undefined
 * while they load; an empty company gets a pointer to the directory, where groups are made.
 */
export function GroupChoices({ groups, error, chosen, onChange }: { groups: Group[] | undefined; error: unknown; chosen: string[]; onChange: (groupIds: string[]) => void }) {
  const { navigate, language } = useConsole();
  const { t } = useTranslation();
  if (error !== undefined) return <ErrorNotice error={error} />;
  if (!groups) return null;
  if (groups.length === 0)
    return (
      <p className="hint" data-testid="no-groups">
        {t('compose.groups.none')}{' '}
        <a href="/directory" onClick={(event) => (event.preventDefault(), navigate('/directory'))}>
          {t('compose.groups.toDirectory')}
        </a>
      </p>
    );
  const full = chosen.length >= targetLimits.groups;
  return (
    <>
      <div className="choices" role="group" aria-label={t('compose.target.groups')}>
        {groups.map((group) => (
          <label key={group.id} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.includes(group.id)}
              disabled={full && !chosen.includes(group.id)}
              onChange={(event) => onChange(event.target.checked ? [...chosen, group.id] : chosen.filter((id) => id !== group.id))}
            />
            {group.name}
            <span className="hint">{t('compose.groups.members', { count: group.memberCount.toLocaleString(language) })}</span>
          </label>
        ))}
      </div>
      {full && <p className="hint">{t('compose.groups.limit', { max: targetLimits.groups })}</p>}
    </>
  );
}
