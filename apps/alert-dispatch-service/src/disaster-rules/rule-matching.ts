import type { DisasterEventV1 } from '@anpi/contracts';
import { SEISMIC_INTENSITY_SCALE, prefectureByCode, type SeismicIntensity } from '@anpi/jma-xml';
import { TSUNAMI_SEVERITY, type DisasterRule, type TsunamiSeverity } from './disaster-rule';

/** The prefectures where the rule's threshold is reached, and how strong the event is there. */
export interface RuleMatch {
  prefectureCodes: string[];
  /** Rank of the strongest level reached (intensity scale index, or tsunami severity index). */
  level: number;
  /** e.g. 震度6強 / 大津波警報: for the alert's title. */
  levelLabel: string;
}

export interface PreviousFiring {
  level: number;
  firedAt: Date;
}

export type FiringPlan =
  | { kind: 'none' }
  | { kind: 'fire'; match: RuleMatch; drill: boolean; idempotencyKey: string; realert: boolean };

const INTENSITY_LABELS: Record<SeismicIntensity, string> = {
  '1': '震度1', '2': '震度2', '3': '震度3', '4': '震度4', '5-': '震度5弱', '5+': '震度5強', '6-': '震度6弱', '6+': '震度6強', '7': '震度7',
};
const TSUNAMI_LABELS: Record<TsunamiSeverity, string> = { 'tsunami-advisory': '津波注意報', 'tsunami-warning': '津波警報', 'major-tsunami-warning': '大津波警報' };

export function matchRule(rule: DisasterRule, event: DisasterEventV1): RuleMatch | null {
  const inScope = (code: string) => rule.prefectureCodes === null || rule.prefectureCodes.includes(code);
  const reached = levelsFor(rule, event).filter((entry) => entry.level >= entry.threshold && inScope(entry.code));
  if (reached.length === 0) return null;
  const level = Math.max(...reached.map((entry) => entry.level));
  return { prefectureCodes: [...new Set(reached.map((entry) => entry.code))].sort(), level, levelLabel: labelFor(rule, level, reached) };
}

interface PrefectureLevel {
  code: string;
  level: number;
  threshold: number;
  kinds?: readonly string[];
}

function levelsFor(rule: DisasterRule, event: DisasterEventV1): PrefectureLevel[] {
  switch (rule.hazard) {
    case 'earthquake':
      return event.intensities.map((entry) => ({ code: entry.prefectureCode, level: SEISMIC_INTENSITY_SCALE.indexOf(entry.maxIntensity), threshold: SEISMIC_INTENSITY_SCALE.indexOf(rule.minIntensity) }));
    case 'tsunami':
      return event.tsunami.map((entry) => ({ code: entry.prefectureCode, level: TSUNAMI_SEVERITY.indexOf(entry.category), threshold: TSUNAMI_SEVERITY.indexOf(rule.minTsunamiCategory) }));
    case 'special-warning':
      // Every special warning is the top of JMA's scale: one level, always reached.
      return event.specialWarnings.map((entry) => ({ code: entry.prefectureCode, level: 0, threshold: 0, kinds: entry.kinds }));
  }
}

function labelFor(rule: DisasterRule, level: number, reached: readonly PrefectureLevel[]): string {
  if (rule.hazard === 'earthquake') return INTENSITY_LABELS[SEISMIC_INTENSITY_SCALE[level]];
  if (rule.hazard === 'tsunami') return TSUNAMI_LABELS[TSUNAMI_SEVERITY[level]];
  return [...new Set(reached.flatMap((entry) => entry.kinds ?? []))].join('・');
}

/**
 * Whether this report makes this rule alert now. Never for a cancellation; a drill or test only
 * as a drill and only when the tenant opted in; once per JMA EventID, unless the rule re-alerts
 * on a stronger level after its suppression window. The idempotency key is what makes "once"
 * hold across replicas and redeliveries: the alerts table is unique on (tenant, key).
 */
export function planFiring(rule: DisasterRule, event: DisasterEventV1, previous: readonly PreviousFiring[], now: Date): FiringPlan {
  if (!rule.enabled || event.infoType === 'cancelled') return { kind: 'none' };
  const drill = event.status !== 'normal';
  if (drill && !rule.includeDrills) return { kind: 'none' };
  const match = matchRule(rule, event);
  if (!match) return { kind: 'none' };
  const keyBase = `${drill ? 'jma-drill' : 'jma'}:${rule.id}:${event.jmaEventId}`;
  if (previous.length === 0) return { kind: 'fire', match, drill, idempotencyKey: keyBase, realert: false };
  if (!rule.realertOnRise) return { kind: 'none' };
  const strongest = Math.max(...previous.map((firing) => firing.level));
  const latest = Math.max(...previous.map((firing) => firing.firedAt.getTime()));
  if (match.level <= strongest || now.getTime() - latest < rule.realertSuppressionMinutes * 60_000) return { kind: 'none' };
  return { kind: 'fire', match, drill, idempotencyKey: `${keyBase}:rise:${match.level}`, realert: true };
}

/**
 * A report older than the limit alerts nobody (it is still recorded): after an outage, or on a
 * first start, the feed lists hours of reports, and a "check your safety" for an earthquake of
 * yesterday is noise. A cancellation is never too old: it only closes what was not sent.
 */
export function isTooOldToAlert(event: DisasterEventV1, now: Date, maxAgeMinutes: number): boolean {
  if (maxAgeMinutes === 0 || event.infoType === 'cancelled') return false;
  return now.getTime() - Date.parse(event.reportDateTime) > maxAgeMinutes * 60_000;
}

/** The alert text: the rule's own words, then what JMA says and where. */
export function alertText(rule: DisasterRule, event: DisasterEventV1, plan: Extract<FiringPlan, { kind: 'fire' }>): { title: string; message: string } {
  const places = plan.match.prefectureCodes.map((code) => prefectureByCode(code as Parameters<typeof prefectureByCode>[0]).nameJa).join('、');
  const prefix = plan.realert ? '【続報】' : '';
  return {
    title: `${prefix}${rule.title}（${plan.match.levelLabel}）`.slice(0, 100),
    message: [rule.message, event.headline, `対象地域: ${places}`].filter((part) => part !== '').join('\n').slice(0, 2000),
  };
}
