import { Principal } from '@anpi/auth-guard';
import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { Alert, AlertView, toAlertView } from './alert.entity';
import type { AlertState } from './alert-lifecycle';

/** `GET /v1/alerts` query: newest first, keyset-paged by the previous page's `nextCursor`. */
export const alertListingQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z
      .string()
      .regex(/^[0-9]{1,17}_[0-9a-f-]{36}$/, 'use the nextCursor of the previous page')
      .optional(),
    state: z.enum(['draft', 'sending', 'open', 'closed'] satisfies AlertState[]).optional(),
  })
  .strict();
export type AlertListingQuery = z.infer<typeof alertListingQuerySchema>;

export interface AlertListing {
  alerts: AlertView[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/**
 * The alerts a principal may follow. Owners and admins see all of the tenant's alerts (RLS
 * keeps other tenants out). A department admin sees company-wide and prefecture alerts (their
 * people may be among the recipients; the response dashboards show them only their subtree)
 * and department alerts that touch their subtree — below it or above it — but not alerts
 * aimed only at other departments, groups or named people.
 */
export async function listAlerts(manager: EntityManager, principal: Principal, query: AlertListingQuery): Promise<AlertListing> {
  // The cursor carries created_at in whole microseconds (PostgreSQL's precision), so no row is
  // skipped or repeated between pages.
  const [cursorMicros, cursorId] = query.cursor ? query.cursor.split('_') : [null, null];
  const rows: { id: string; created_micros: string }[] = await manager.query(
    `SELECT a.id, (extract(epoch FROM a.created_at) * 1000000)::bigint::text AS created_micros FROM alerts a
      WHERE ($1::text IS NULL OR a.state = $1)
        AND ($2::bigint IS NULL OR (a.created_at, a.id) < (timestamptz 'epoch' + $2::bigint * interval '1 microsecond', $3::uuid))
        AND ($4::boolean OR a.target->>'kind' IN ('all', 'prefectures') OR (a.target->>'kind' = 'departments' AND EXISTS (
              SELECT 1 FROM directory_departments d
               WHERE d.department_id::text IN (SELECT jsonb_array_elements_text(a.target->'departmentIds'))
                 AND (d.path && $5::uuid[] OR EXISTS (
                      SELECT 1 FROM directory_departments mine WHERE mine.department_id = ANY($5::uuid[]) AND mine.path @> ARRAY[d.department_id])))))
      ORDER BY a.created_at DESC, a.id DESC
      LIMIT $6`,
    [
      query.state ?? null,
      cursorMicros,
      cursorId,
      principal.role !== 'department_admin',
      principal.departmentIds ?? [],
      query.limit + 1,
    ],
  );
  const pageIds = rows.slice(0, query.limit).map((row) => row.id);
  const alerts = pageIds.length === 0 ? [] : await manager.getRepository(Alert).find({ where: pageIds.map((id) => ({ id })) });
  const byId = new Map(alerts.map((alert) => [alert.id, alert]));
  const page = pageIds.map((id) => byId.get(id)!);
  const last = rows[query.limit - 1];
  return {
    alerts: page.map(toAlertView),
    nextCursor: rows.length > query.limit ? `${last.created_micros}_${last.id}` : null,
  };
}
