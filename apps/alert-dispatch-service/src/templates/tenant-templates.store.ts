import { enableTenantIsolation } from '@anpi/persistence';
import { EntityManager, QueryRunner } from 'typeorm';
import { TemplateError } from './message-template';
import { TenantTemplates, TenantTemplatesInput, tenantTemplatesSchema } from './tenant-templates';

/** For a migration of alert-dispatch-service: one row of templates per tenant, tenant-isolated. */
export async function createTemplateTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE message_templates (
      tenant_id  uuid PRIMARY KEY,
      templates  jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await enableTenantIsolation(queryRunner, 'message_templates');
}

/**
 * A tenant's templates in its own row. Both methods take a manager already bound to the
 * tenant (runInTenantTransaction / the consumer's context), so row-level security applies.
 */
export class TenantTemplatesStore {
  /** Validates (unknown variables, answer link, strict fields) before anything is written. */
  async save(manager: EntityManager, tenantId: string, input: unknown): Promise<TenantTemplatesInput> {
    const parsed = tenantTemplatesSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TemplateError(issue.code === 'custom' ? issue.message : `${issue.path.join('.') || '(templates)'}: ${issue.message}`);
    }
    await manager.query(
      `INSERT INTO message_templates (tenant_id, templates) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET templates = EXCLUDED.templates, updated_at = now()`,
      [tenantId, JSON.stringify(parsed.data)],
    );
    return parsed.data;
  }

  /** What the tenant saved, as saved (undefined: it uses the defaults). */
  async loadSaved(manager: EntityManager, tenantId: string): Promise<{ templates: TenantTemplatesInput; updatedAt: Date } | undefined> {
    const [row]: { templates: TenantTemplatesInput; updated_at: Date }[] = await manager.query('SELECT templates, updated_at FROM message_templates WHERE tenant_id = $1', [tenantId]);
    return row && { templates: row.templates, updatedAt: row.updated_at };
  }

  /** The tenant's templates, the defaults for any language it has not written. */
  async load(manager: EntityManager, tenantId: string): Promise<TenantTemplates> {
    const [row] = await manager.query('SELECT templates FROM message_templates WHERE tenant_id = $1', [tenantId]);
    return TenantTemplates.from(row ? (row.templates as TenantTemplatesInput) : {});
  }
}
