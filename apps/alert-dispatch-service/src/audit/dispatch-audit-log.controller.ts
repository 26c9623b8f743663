import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';

/** The same query as tenant-service's `/v1/audit-log`, so the console pages both logs alike. */
const auditQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** The `nextCursor` of the previous page: entries older than that id. */
    cursor: z.string().regex(/^\d{1,19}$/).optional(),
    action: z.string().max(100).optional(),
    targetId: z.string().max(100).optional(),
  })
  .strict();

type AuditQuery = z.infer<typeof auditQuerySchema>;

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_kind: string;
  actor_id: string;
  actor_role: string | null;
  ip: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
}

export interface DispatchAuditLogPage {
  items: {
    id: string;
    occurredAt: string;
    actor: { kind: string; id: string; role: string | null; ip: string | null };
    action: string;
    target: { type: string; id: string | null };
    details: Record<string, unknown>;
  }[];
  nextCursor: string | null;
}

/**
 * Who sent, closed or re-sent safety checks and changed the dispatch settings, newest first,
 * in the response shape of tenant-service's directory audit log. The tenant comes from the
 * token (row-level security), so no other tenant's entries exist here. Owners and admins only.
 */
@Controller('v1/audit-log')
@UseGuards(AccessTokenGuard)
@Roles('owner', 'admin')
export class DispatchAuditLogController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(auditQuerySchema)) query: AuditQuery): Promise<DispatchAuditLogPage> {
    const rows: AuditRow[] = await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) =>
      manager.query(
        `SELECT id, occurred_at, actor_kind, actor_id, actor_role, host(ip) AS ip, action, target_type, target_id, details
         FROM dispatch_audit_log
         WHERE ($1::bigint IS NULL OR id < $1) AND ($2::text IS NULL OR action = $2) AND ($3::text IS NULL OR target_id = $3)
         ORDER BY id DESC LIMIT $4`,
        [query.cursor ?? null, query.action ?? null, query.targetId ?? null, query.limit],
      ),
    );
    return {
      items: rows.map((row) => ({
        id: row.id,
        occurredAt: row.occurred_at.toISOString(),
        actor: { kind: row.actor_kind, id: row.actor_id, role: row.actor_role, ip: row.ip },
        action: row.action,
        target: { type: row.target_type, id: row.target_id },
        details: row.details,
      })),
      nextCursor: rows.length === query.limit ? rows[rows.length - 1].id : null,
    };
  }
}
