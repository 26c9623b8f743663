import type { DisasterEventV1 } from '@anpi/contracts';
import { compareIntensity, type JmaReport, type SeismicIntensity, type SeismicIntensityReport, type TsunamiReport, type WeatherWarningReport } from '@anpi/jma-xml';

/** What the pipeline publishes for one accepted report; reportId and source are added on storing. */
export type DisasterReportFacts = Omit<DisasterEventV1, 'reportId' | 'source'>;

export type ReportDecision = { kind: 'publish'; facts: DisasterReportFacts } | { kind: 'ignore'; reason: string };

type AlertingTsunamiCategory = DisasterEventV1['tsunami'][number]['category'];

// Strongest first: only warnings and advisories can trigger an alert; forecasts and "cleared" cannot.
const ALERTING_TSUNAMI_CATEGORIES: readonly AlertingTsunamiCategory[] = ['major-tsunami-warning', 'tsunami-warning', 'tsunami-advisory'];

// JMA's own statement that a station probably measured 5- or more but has not reported it yet:
// treated as 5- so that the prefecture is not left out of the first alert.
const UNREPORTED_STRONG_SHAKING: SeismicIntensity = '5-';

/**
 * Decides whether a parsed JMA report feeds the rule engine, and reduces it to the facts the
 * rules need (strongest intensity / tsunami category per prefecture). Reports the rules cannot
 * use (hypocentre only, 緊急地震速報, ...) are ignored with a reason that is logged.
 */
export function decideOnReport(report: JmaReport): ReportDecision {
  if (report.kind === 'other') return { kind: 'ignore', reason: `report type "${report.title}" does not drive alerts` };
  if (report.kind === 'weather-warning' && report.specialWarnings.kind === 'published' && report.specialWarnings.areas.length === 0) {
    return { kind: 'ignore', reason: 'weather warnings without any 特別警報 in force' };
  }
  const eventId = report.kind === 'weather-warning' ? specialWarningEventId(report) : report.head.eventId;
  if (eventId === null) return { kind: 'ignore', reason: `${report.reportType} without an EventID cannot be tied to an event` };
  const common = {
    jmaEventId: eventId,
    serial: report.head.serial,
    status: report.control.status,
    infoType: report.head.infoType,
    reportType: report.reportType,
    title: report.control.title,
    headline: report.head.headline.slice(0, 2000),
    reportDateTime: report.head.reportDateTime,
  };
  const none = { intensities: [], tsunami: [], specialWarnings: [] };
  if (report.kind === 'tsunami') return { kind: 'publish', facts: { ...common, ...none, tsunami: tsunamiByPrefecture(report) } };
  if (report.kind === 'weather-warning') return { kind: 'publish', facts: { ...common, ...none, specialWarnings: specialWarningsByPrefecture(report) } };
  return { kind: 'publish', facts: { ...common, ...none, intensities: intensitiesByPrefecture(report) } };
}

// Warnings reports carry no EventID. One office's special warnings of one (JST) day count as one
// event: a warning that continues through later reports does not alert again, a new day does.
function specialWarningEventId(report: WeatherWarningReport): string {
  return `${report.control.publishingOffice}:${report.head.reportDateTime.slice(0, 10)}`;
}

function specialWarningsByPrefecture(report: WeatherWarningReport): DisasterEventV1['specialWarnings'] {
  if (report.specialWarnings.kind !== 'published') return [];
  const kinds = new Map<string, Set<string>>();
  for (const area of report.specialWarnings.areas) {
    const known = kinds.get(area.prefectureCode) ?? new Set<string>();
    area.kinds.forEach((kind) => known.add(kind));
    kinds.set(area.prefectureCode, known);
  }
  return [...kinds].map(([prefectureCode, names]) => ({ prefectureCode, kinds: [...names] }));
}

function intensitiesByPrefecture(report: SeismicIntensityReport): DisasterEventV1['intensities'] {
  if (report.observation.kind !== 'observed') return [];
  const strongest = new Map<string, SeismicIntensity>();
  for (const prefecture of report.observation.prefectures) {
    const intensity = prefecture.maxIntensity ?? (prefecture.strongShakingUnreported ? UNREPORTED_STRONG_SHAKING : null);
    if (intensity === null) continue;
    const known = strongest.get(prefecture.code);
    if (!known || compareIntensity(intensity, known) > 0) strongest.set(prefecture.code, intensity);
  }
  return [...strongest].map(([prefectureCode, maxIntensity]) => ({ prefectureCode, maxIntensity }));
}

function tsunamiByPrefecture(report: TsunamiReport): DisasterEventV1['tsunami'] {
  if (report.forecast.kind !== 'published') return [];
  const strongest = new Map<string, AlertingTsunamiCategory>();
  for (const item of report.forecast.items) {
    const rank = ALERTING_TSUNAMI_CATEGORIES.indexOf(item.category as AlertingTsunamiCategory);
    if (rank < 0) continue;
    for (const prefectureCode of item.prefectureCodes) {
      const known = strongest.get(prefectureCode);
      if (!known || rank < ALERTING_TSUNAMI_CATEGORIES.indexOf(known)) strongest.set(prefectureCode, ALERTING_TSUNAMI_CATEGORIES[rank]);
    }
  }
  return [...strongest].map(([prefectureCode, category]) => ({ prefectureCode, category }));
}
