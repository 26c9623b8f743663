/**
 * The alerts this browser sent lately, so the dashboard can offer them (dispatch has no list
 * endpoint yet). Titles only — no personal data — in localStorage.
 */
export interface RecentAlert {
  id: string;
  title: string;
  createdAt: string;
}

const key = 'anpi.recentAlerts';
const keep = 20;

export function recentAlerts(storage: Pick<Storage, 'getItem'>): RecentAlert[] {
  try {
    const parsed = JSON.parse(storage.getItem(key) ?? '[]') as RecentAlert[];
    return Array.isArray(parsed) ? parsed.filter((alert) => typeof alert?.id === 'string' && typeof alert.title === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberAlert(storage: Pick<Storage, 'getItem' | 'setItem'>, alert: RecentAlert): void {
  const others = recentAlerts(storage).filter((known) => known.id !== alert.id);
  storage.setItem(key, JSON.stringify([alert, ...others].slice(0, keep)));
}
