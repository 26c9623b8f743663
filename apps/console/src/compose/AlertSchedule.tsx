import type { AlertDetails } from '../api/dispatch-api';
import { useConsole, useTranslation } from '../app/console-context';
import { alertScheduleOf } from './alert-schedule';

/** For the alert's dashboard: when answers close and when (or whether) everyone in the company is asked, as set in the composer. */
export function AlertSchedule({ alert }: { alert: AlertDetails }) {
  const { language } = useConsole();
  const { t } = useTranslation();
  const { closesAt, widening } = alertScheduleOf(alert);
  const time = (iso: string) => <time dateTime={iso}>{new Date(iso).toLocaleString(language)}</time>;
  // The message has a {time} placeholder; the time itself is marked up as such.
  const line = (key: 'dashboard.closesAt' | 'dashboard.widensAt' | 'dashboard.widenedAt', iso: string) => {
    const [before, after] = t(key).split('{time}');
    return (
      <>
        {before}
        {time(iso)}
        {after}
      </>
    );
  };
  return (
    <div className="hint" data-testid="alert-schedule">
      <p>{line('dashboard.closesAt', closesAt)}</p>
      {widening && <p>{line(widening.done ? 'dashboard.widenedAt' : 'dashboard.widensAt', widening.at)}</p>}
    </div>
  );
}
