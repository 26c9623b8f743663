import { appendToOutbox } from '@anpi/messaging';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { runInPlatformScope } from '../tenants/tenant-listing';
import { recordPlatformAudit } from './platform-audit';
import type { Operator } from './platform-operator.guard';

export const postNoticeSchema = z
  .object({
    kind: z.enum(['incident', 'maintenance']),
    title: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(5000),
    /** When the console stops showing it; without it, the notice stays shown. */
    visibleUntil: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export type PostNotice = z.infer<typeof postNoticeSchema>;

export const noticeListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export interface NoticeView {
  id: string;
  kind: 'incident' | 'maintenance';
  title: string;
  body: string;
  postedAt: string;
  visibleUntil: string | null;
}

interface NoticeRow {
  id: string;
  kind: 'incident' | 'maintenance';
  title: string;
  body: string;
  posted_at: Date;
  visible_until: Date | null;
}

const toNoticeView = (row: NoticeRow): NoticeView => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  postedAt: row.posted_at.toISOString(),
  visibleUntil: row.visible_until?.toISOString() ?? null,
});

/**
 * Operators' notices to every tenant's administrators (incident and maintenance
 * communication). Posting stores the notice and, in the same transaction, one
 * `tenant.notice-posted` per active tenant, from which auth-service e-mails each tenant's
 * owners and admins; the console shows the current ones (GET /v1/notices).
 */
export class OperatorNotices {
  constructor(private readonly dataSource: DataSource) {}

  post(operator: Operator, notice: PostNotice): Promise<NoticeView & { tenantsNotified: number }> {
    return runInPlatformScope(this.dataSource, 'platform-operator', async (manager) => {
      const id = randomUUID();
      const [row]: NoticeRow[] = await manager.query(
        `INSERT INTO operator_notices (id, kind, title, body, posted_by, visible_until) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, kind, title, body, posted_at, visible_until`,
        [id, notice.kind, notice.title, notice.body, operator.operatorId, notice.visibleUntil ?? null],
      );
      const tenants: { id: string }[] = await manager.query(`SELECT id FROM tenants WHERE status = 'active'`);
      const view = toNoticeView(row);
      await appendToOutbox(
        manager,
        tenants.map((tenant) => ({
          type: 'tenant.notice-posted',
          version: 1,
          tenantId: tenant.id,
          payload: { tenantId: tenant.id, noticeId: id, kind: view.kind, title: view.title, body: view.body, postedAt: view.postedAt },
        })),
      );
      await recordPlatformAudit(manager, operator, 'notice_posted', null, { noticeId: id, kind: notice.kind, tenantsNotified: tenants.length });
      return { ...view, tenantsNotified: tenants.length };
    });
  }

  /** Every notice, newest first, for operators (audited like everything they do). */
  listForOperator(operator: Operator, limit: number): Promise<NoticeView[]> {
    return runInPlatformScope(this.dataSource, 'platform-operator', async (manager) => {
      await recordPlatformAudit(manager, operator, 'notices_listed', null);
      return this.read(manager, limit, false);
    });
  }

  /** The notices still to be shown, newest first, for tenants' administrators. */
  listCurrent(limit: number): Promise<NoticeView[]> {
    return this.dataSource.transaction((manager) => this.read(manager, limit, true));
  }

  private async read(manager: EntityManager, limit: number, currentOnly: boolean): Promise<NoticeView[]> {
    const rows: NoticeRow[] = await manager.query(
      `SELECT id, kind, title, body, posted_at, visible_until FROM operator_notices
       WHERE NOT $1::boolean OR visible_until IS NULL OR visible_until > now()
       ORDER BY posted_at DESC, id LIMIT $2`,
      [currentOnly, limit],
    );
    return rows.map(toNoticeView);
  }
}
