import { SEISMIC_INTENSITY_SCALE } from '@anpi/jma-xml';
import { z } from 'zod';
import { createAlertCommandSchema } from '../alerts/create-alert.command';

const prefectureCode = z.string().regex(/^(0[1-9]|[1-3][0-9]|4[0-7])$/, 'a JIS X 0401 prefecture code 01–47');

/** Weakest first, so that the index is the severity. */
export const TSUNAMI_SEVERITY = ['tsunami-advisory', 'tsunami-warning', 'major-tsunami-warning'] as const;
export type TsunamiSeverity = (typeof TSUNAMI_SEVERITY)[number];

const commonFields = {
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean().default(true),
  /** Only these prefectures count; omitted or null = anywhere in Japan. */
  prefectureCodes: z.array(prefectureCode).min(1).max(47).nullable().default(null),
  /** Which employees an alert asks: those who work, live, or either, in an affected prefecture. */
  match: z.enum(['work', 'home', 'work_or_home']).default('work_or_home'),
  title: z.string().trim().min(1).max(60),
  message: z.string().trim().min(1).max(1000),
  /** Fallback order, exactly as for a manual alert. */
  channels: createAlertCommandSchema.shape.channels,
  /** 訓練/試験 reports then send a drill alert (marked as such) instead of nothing. */
  includeDrills: z.boolean().default(false),
  /** A later report of the same event with a stronger level alerts again, at most once per window. */
  realertOnRise: z.boolean().default(false),
  realertSuppressionMinutes: z.number().int().min(0).max(1440).default(30),
};

/** What an admin sends to create or replace a disaster rule. */
export const disasterRuleInputSchema = z.discriminatedUnion('hazard', [
  z.object({ hazard: z.literal('earthquake'), minIntensity: z.enum(SEISMIC_INTENSITY_SCALE), ...commonFields }).strict(),
  z.object({ hazard: z.literal('tsunami'), minTsunamiCategory: z.enum(TSUNAMI_SEVERITY), ...commonFields }).strict(),
  /** Any 特別警報 (大雨, 暴風, 高潮 …) in force in the prefectures. */
  z.object({ hazard: z.literal('special-warning'), ...commonFields }).strict(),
]);

export type DisasterRuleInput = z.infer<typeof disasterRuleInputSchema>;

export type DisasterRule = DisasterRuleInput & { id: string; isDefault: boolean };

export interface DisasterRuleRow {
  id: string;
  name: string;
  enabled: boolean;
  is_default: boolean;
  hazard: DisasterRuleInput['hazard'];
  min_intensity: string | null;
  min_tsunami_category: string | null;
  prefecture_codes: string[] | null;
  match: 'work' | 'home' | 'work_or_home';
  title: string;
  message: string;
  channels: string[];
  include_drills: boolean;
  realert_on_rise: boolean;
  realert_suppression_minutes: number;
}

export const RULE_COLUMNS =
  'id, name, enabled, is_default, hazard, min_intensity, min_tsunami_category, prefecture_codes, match, title, message, channels, include_drills, realert_on_rise, realert_suppression_minutes';

/** Rows are re-validated on the way out: a rule the schema no longer accepts is refused loudly, not half-applied. */
export function ruleFromRow(row: DisasterRuleRow): DisasterRule {
  const threshold = row.hazard === 'earthquake' ? { minIntensity: row.min_intensity } : row.hazard === 'tsunami' ? { minTsunamiCategory: row.min_tsunami_category } : {};
  const input = disasterRuleInputSchema.parse({
    hazard: row.hazard,
    ...threshold,
    name: row.name,
    enabled: row.enabled,
    prefectureCodes: row.prefecture_codes,
    match: row.match,
    title: row.title,
    message: row.message,
    channels: row.channels,
    includeDrills: row.include_drills,
    realertOnRise: row.realert_on_rise,
    realertSuppressionMinutes: row.realert_suppression_minutes,
  });
  return { ...input, id: row.id, isDefault: row.is_default };
}

/** Column values for INSERT/UPDATE, in the order of RULE_WRITE_COLUMNS. */
export const RULE_WRITE_COLUMNS =
  'name, enabled, hazard, min_intensity, min_tsunami_category, prefecture_codes, match, title, message, channels, include_drills, realert_on_rise, realert_suppression_minutes';

export function ruleWriteValues(input: DisasterRuleInput): unknown[] {
  return [
    input.name,
    input.enabled,
    input.hazard,
    input.hazard === 'earthquake' ? input.minIntensity : null,
    input.hazard === 'tsunami' ? input.minTsunamiCategory : null,
    input.prefectureCodes,
    input.match,
    input.title,
    input.message,
    input.channels,
    input.includeDrills,
    input.realertOnRise,
    input.realertSuppressionMinutes,
  ];
}
