import { EntityManager } from 'typeorm';
import { BreakdownKey, breakdownKeysOf, compareKeys, RecipientPlacement } from './breakdown-keys';

export interface ChoiceDelta {
  questionId: string;
  choiceId: string;
  delta: number;
}

/**
 * Snapshots the new recipients of an alert (departments with their ancestors, prefectures,
 * employee number, language: never contact data) and counts them in the breakdown
 * denominators. Runs in the transaction that accepts their answer links.
 */
export async function addRecipients(manager: EntityManager, tenantId: string, alertId: string, recipientIds: readonly string[]): Promise<void> {
  if (recipientIds.length === 0) return;
  const placed: PlacementRow[] = await manager.query(
    `INSERT INTO alert_recipients (alert_id, recipient_id, tenant_id, employee_number, department_ids, department_scope, work_prefecture, home_prefecture, language)
     SELECT $1, r.id, $2, e.employee_number, coalesce(e.department_ids, '{}'),
            coalesce((SELECT array_agg(DISTINCT scope) FROM (
                SELECT unnest(e.department_ids) AS scope
                UNION SELECT unnest(d.path) FROM directory_departments d WHERE d.department_id = ANY(e.department_ids)) s), '{}'),
            e.work_prefecture, e.home_prefecture, e.language
     FROM unnest($3::uuid[]) AS r(id) LEFT JOIN directory_employees e ON e.employee_id = r.id
     ON CONFLICT (alert_id, recipient_id) DO NOTHING
     RETURNING department_scope, work_prefecture, home_prefecture`,
    [alertId, tenantId, recipientIds],
  );
  const counts = new Map<string, BreakdownKey & { recipients: number }>();
  for (const key of placed.flatMap((row) => breakdownKeysOf(toPlacement(row)))) {
    const id = `${key.dimension}\u0000${key.key}`;
    counts.set(id, { ...key, recipients: (counts.get(id)?.recipients ?? 0) + 1 });
  }
  const rows = [...counts.values()].sort(compareKeys);
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO breakdown_totals (alert_id, shard, tenant_id, dimension, key, recipients)
     SELECT $1, 0, $2, dimension, key, recipients FROM unnest($3::text[], $4::text[], $5::int[]) WITH ORDINALITY AS k(dimension, key, recipients, position)
     ORDER BY position
     ON CONFLICT (alert_id, shard, dimension, key) DO UPDATE SET recipients = breakdown_totals.recipients + EXCLUDED.recipients`,
    [alertId, tenantId, rows.map((row) => row.dimension), rows.map((row) => row.key), rows.map((row) => row.recipients)],
  );
}

/**
 * The breakdown counter rows one answer moves: "responded" under every key the recipient counts
 * under (first answers only), and each choice delta under each key. Sorted, so every answer
 * locks rows in the same order and two answers can never deadlock.
 */
export function breakdownChanges(placement: RecipientPlacement, firstAnswer: boolean, choiceDeltas: readonly ChoiceDelta[]) {
  const keys = breakdownKeysOf(placement);
  const choices = keys
    .flatMap((key) => choiceDeltas.map((delta) => ({ ...key, ...delta })))
    .sort((left, right) => compareKeys(left, right) || compare(left.questionId, right.questionId) || compare(left.choiceId, right.choiceId));
  return { responded: firstAnswer ? keys : [], choices };
}

export interface PlacementRow {
  department_scope: string[];
  work_prefecture: string | null;
  home_prefecture: string | null;
}

/** A recipient with no snapshot (a link issued before the directory arrived) counts under "none". */
export function toPlacement(row: Partial<PlacementRow>): RecipientPlacement {
  return { departmentScope: row.department_scope ?? [], workPrefecture: row.work_prefecture ?? null, homePrefecture: row.home_prefecture ?? null };
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
