import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { directoryRoles } from '../access/caller';

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

/** The tenant's own audit log, newest first; the tenant comes from the token, so no other tenant's entries exist here. */
@Controller('v1/audit-log')
@UseGuards(AccessTokenGuard)
@Roles(...directoryRoles.administrators)
export class AuditLogController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(auditQuerySchema)) query: AuditQuery) {
    const rows: AuditRow[] = await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) =>
      manager.query(
        `SELECT id, occurred_at, actor_kind, actor_id, actor_role, host(ip) AS ip, action, target_type, target_id, details
         FROM audit_log
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
