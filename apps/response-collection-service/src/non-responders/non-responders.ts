import { Principal } from '@anpi/auth-guard';
import { prefectureCodeSchema } from '@anpi/contracts';
import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { scopeRootsOf } from '../breakdowns/department-tree';

export const nonResponderFilterSchema = z
  .object({
    /** This department and everything under it. */
    department: z.uuid().optional(),
    workPrefecture: prefectureCodeSchema.optional(),
    homePrefecture: prefectureCodeSchema.optional(),
  })
  .strict();

export const nonResponderPageQuerySchema = nonResponderFilterSchema
  .extend({
    /** The last recipientId of the previous page. */
    after: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

export type NonResponderFilter = z.infer<typeof nonResponderFilterSchema>;
export type NonResponderPageQuery = z.infer<typeof nonResponderPageQuerySchema>;

/** How the person's latest delivery went (dispatch's `delivery.outcomes`). */
export interface LastDelivery {
  /** The channel that sent it or was tried last; null when no channel reached a provider (no address on any). */
  channel: string | null;
  state: 'sent' | 'failed' | 'bounced';
  at: string;
}

export interface NonResponder {
  recipientId: string;
  /** Null once the employee's personal data was purged. */
  employeeNumber: string | null;
  departmentIds: string[];
  workPrefecture: string | null;
  homePrefecture: string | null;
  /** Channels handed to a provider for this person, in the order first tried; [] until dispatch reports a send. */
  contactChannelsTried: string[];
  /** Null until dispatch reports a send. */
  lastDelivery: LastDelivery | null;
}

/**
 * Who was asked and has not answered, by keyset pages, with the channels tried for each.
 * Department admins only ever see people in their subtrees, whatever filter they send.
 */
export class NonResponders {
  constructor(private readonly dataSource: DataSource) {}

  async alertExists(principal: Principal, alertId: string): Promise<boolean> {
    const rows = await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => manager.query('SELECT 1 FROM alert_projections WHERE alert_id = $1', [alertId]));
    return rows.length > 0;
  }

  async page(principal: Principal, alertId: string, query: NonResponderPageQuery): Promise<{ items: NonResponder[]; next: string | null }> {
    const rows: NonResponderRow[] = await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) =>
      manager.query(
        `SELECT r.recipient_id, r.employee_number, r.department_ids, r.work_prefecture, r.home_prefecture,
                c.channels, c.last_channel, c.last_state, c.last_attempt_at
         FROM alert_recipients r
         LEFT JOIN contact_attempts c ON c.alert_id = r.alert_id AND c.recipient_id = r.recipient_id
         WHERE r.alert_id = $1
           AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.alert_id = r.alert_id AND a.recipient_id = r.recipient_id)
           AND ($2::uuid[] IS NULL OR r.department_scope && $2::uuid[])
           AND ($3::uuid IS NULL OR r.department_scope @> ARRAY[$3::uuid])
           AND ($4::text IS NULL OR r.work_prefecture = $4)
           AND ($5::text IS NULL OR r.home_prefecture = $5)
           AND ($6::uuid IS NULL OR r.recipient_id > $6)
         ORDER BY r.recipient_id
         LIMIT $7`,
        [alertId, scopeRootsOf(principal), query.department ?? null, query.workPrefecture ?? null, query.homePrefecture ?? null, query.after ?? null, query.limit],
      ),
    );
    const items = rows.map(toNonResponder);
    return { items, next: items.length === query.limit ? items[items.length - 1].recipientId : null };
  }

  /** Every page in turn, for the CSV export. */
  async *all(principal: Principal, alertId: string, filter: NonResponderFilter): AsyncGenerator<NonResponder> {
    let after: string | undefined;
    do {
      const { items, next } = await this.page(principal, alertId, { ...filter, after, limit: 1000 });
      yield* items;
      after = next ?? undefined;
    } while (after);
  }
}

interface NonResponderRow {
  recipient_id: string;
  employee_number: string | null;
  department_ids: string[];
  work_prefecture: string | null;
  home_prefecture: string | null;
  channels: string[] | null;
  last_channel: string | null;
  last_state: LastDelivery['state'] | null;
  last_attempt_at: Date | null;
}

function toNonResponder(row: NonResponderRow): NonResponder {
  return {
    recipientId: row.recipient_id,
    employeeNumber: row.employee_number,
    departmentIds: row.department_ids,
    workPrefecture: row.work_prefecture,
    homePrefecture: row.home_prefecture,
    contactChannelsTried: row.channels ?? [],
    lastDelivery: row.last_state && row.last_attempt_at ? { channel: row.last_channel, state: row.last_state, at: row.last_attempt_at.toISOString() } : null,
  };
}
