/** The three ways the live picture is broken down. */
export const BREAKDOWN_DIMENSIONS = ['department', 'work_prefecture', 'home_prefecture'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

/** Recipients with no department (or no home prefecture) are counted under this key. */
export const UNASSIGNED = 'none';

export interface RecipientPlacement {
  /** Own departments and all their ancestors: a recipient counts in every department above them. */
  departmentScope: readonly string[];
  workPrefecture: string | null;
  homePrefecture: string | null;
}

export interface BreakdownKey {
  dimension: BreakdownDimension;
  key: string;
}

/** Every counter row one recipient contributes to, in one fixed order (the lock order). */
export function breakdownKeysOf(placement: RecipientPlacement): BreakdownKey[] {
  const departments = placement.departmentScope.length > 0 ? [...new Set(placement.departmentScope)] : [UNASSIGNED];
  return [
    ...departments.map((key) => ({ dimension: 'department' as const, key })),
    { dimension: 'work_prefecture' as const, key: placement.workPrefecture ?? UNASSIGNED },
    { dimension: 'home_prefecture' as const, key: placement.homePrefecture ?? UNASSIGNED },
  ].sort(compareKeys);
}

export function compareKeys(left: BreakdownKey, right: BreakdownKey): number {
  return left.dimension === right.dimension ? compareText(left.key, right.key) : compareText(left.dimension, right.dimension);
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
