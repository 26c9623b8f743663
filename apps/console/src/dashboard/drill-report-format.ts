import type { DrillReport } from '../api/responses-api';
import { Language, translate } from '../i18n/messages';

/**
 * A median time to answer as people say it: 「2分30秒」 / "2 min 30 s"; seconds are dropped from
 * an hour on (nobody needs them there), and "—" stands for "nobody answered yet".
 */
export function formatDuration(seconds: number | null, language: Language): string {
  if (seconds === null) return translate(language, 'duration.none');
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return translate(language, 'duration.compactSeconds', { s: whole });
  if (whole >= 3600) {
    const minutes = Math.round(whole / 60);
    return translate(language, 'duration.compactHoursMinutes', { h: Math.floor(minutes / 60), m: minutes % 60 });
  }
  const rest = whole % 60;
  return rest === 0 ? translate(language, 'duration.compactMinutes', { m: whole / 60 }) : translate(language, 'duration.compactMinutesSeconds', { m: Math.floor(whole / 60), s: rest });
}

/** A response rate (0–1) as a percentage with one decimal, e.g. "33.3%". */
export function formatRate(rate: number, language: Language): string {
  return new Intl.NumberFormat(language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate);
}

export type ReportDepartment = DrillReport['departments'][number];

/** The report's departments by name (the service orders them by id, which says nothing to a reader). */
export function departmentsByName(departments: readonly ReportDepartment[], language: Language): ReportDepartment[] {
  const collator = new Intl.Collator(language);
  return [...departments].sort((a, b) => collator.compare(a.name ?? '', b.name ?? '') || a.departmentId.localeCompare(b.departmentId));
}
