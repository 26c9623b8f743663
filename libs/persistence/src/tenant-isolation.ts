import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { isConnectionLostError } from './database-failover';

/** The session setting the policies read. Set per transaction only (SET LOCAL semantics). */
export const TENANT_SETTING = 'app.tenant_id';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `work` in a transaction whose rows are limited, by PostgreSQL itself, to one tenant.
 * The tenant id must come from a verified token or a validated event — never from a body.
 */
export async function runInTenantTransaction<T>(
  dataSource: DataSource,
  tenantId: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (!uuidPattern.test(tenantId)) {
    throw new Error('runInTenantTransaction: tenantId must be a UUID');
  }
  return runBeforeCommitRetrying((workDone) =>
    dataSource.transaction(async (manager) => {
      await bindTenant(manager, tenantId);
      const result = await work(manager);
      workDone();
      return result;
    }),
  );
}

/** Two quick retries: enough to get past pooled connections a failover killed. */
const retryDelaysMs = [100, 400];

/**
 * Runs a transaction again when it failed because its connection was lost (or landed on a
 * read-only node) BEFORE COMMIT was sent: PostgreSQL then rolled it back, so running it again
 * cannot apply it twice. A COMMIT whose answer was lost may or may not have been applied, so
 * that error is passed on (the caller answers 5xx and the client retries with its
 * idempotency key). Work passed here touches only the database (the outbox for the rest).
 */
async function runBeforeCommitRetrying<T>(transaction: (markWorkDone: () => void) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    let reachedCommit = false;
    try {
      return await transaction(() => (reachedCommit = true));
    } catch (error) {
      if (reachedCommit || attempt >= retryDelaysMs.length || !isConnectionLostError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryDelaysMs[attempt]));
    }
  }
}

/** Binds an already-open transaction to a tenant (for handlers that receive a manager). */
export async function bindTenant(manager: EntityManager, tenantId: string): Promise<void> {
  await manager.query('SELECT set_config($1, $2, true)', [TENANT_SETTING, tenantId]);
}

/**
 * Migration helper: turns on row-level security for a tenant-owned table. FORCE makes it
 * apply to the table owner too; the policy compares with the per-transaction setting and,
 * when none is set, matches nothing (current_setting(..., true) is NULL).
 */
export async function enableTenantIsolation(queryRunner: QueryRunner, table: string): Promise<void> {
  const policy = `tenant_id = NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid`;
  await queryRunner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(`CREATE POLICY tenant_isolation ON ${table} USING (${policy}) WITH CHECK (${policy})`);
}
