import type { AlertDetails } from '../api/dispatch-api';

/** What the dashboard says about the times set when the alert was composed. */
export interface AlertSchedule {
  closesAt: string;
  /** Absent when the alert is never widened, or was closed before it was. */
  widening?: { done: boolean; at: string };
}

export function alertScheduleOf(alert: Pick<AlertDetails, 'state' | 'createdAt' | 'closesAt' | 'widening'>): AlertSchedule {
  const { widening } = alert;
  if (widening?.widenedAt) return { closesAt: alert.closesAt, widening: { done: true, at: widening.widenedAt } };
  // Closing an alert cancels what it had scheduled, its widening too.
  if (!widening || alert.state === 'closed') return { closesAt: alert.closesAt };
  return { closesAt: alert.closesAt, widening: { done: false, at: new Date(Date.parse(alert.createdAt) + widening.afterMinutes * 60_000).toISOString() } };
}
