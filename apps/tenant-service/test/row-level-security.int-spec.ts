import { localServiceEnvironment } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * Tenant isolation is enforced by PostgreSQL, not only by code: checked here on the
 * application role itself, with no service code in between.
 */
describe('row-level security on tenant-service tables (application role)', () => {
  const env = localServiceEnvironment('tenant-service');
  const connect = async (user: string) => {
    const client = new Client({ host: env.PGHOST, port: Number(env.PGPORT), user, database: env.DB_NAME });
    await client.connect();
    return client;
  };
  let app: Client;
  let admin: Client;
  const tenantA = randomUUID();
  const tenantB = randomUUID();

  beforeAll(async () => {
    app = await connect(env.DB_USER);
    admin = await connect('postgres');
    for (const [id, slug] of [
      [tenantA, `rls-a-${tenantA.slice(0, 8)}`],
      [tenantB, `rls-b-${tenantB.slice(0, 8)}`],
    ]) {
      await admin.query(`INSERT INTO tenants (id, slug, display_name, default_language, time_zone) VALUES ($1, $2, 'RLS test', 'ja', 'Asia/Tokyo')`, [id, slug]);
      await admin.query(`INSERT INTO audit_log (tenant_id, actor_kind, actor_id, action, target_type) VALUES ($1, 'system', 'rls-test', 'rls.checked', 'tenant')`, [id]);
    }
  });

  afterAll(async () => {
    await admin.query('DELETE FROM tenants WHERE id = ANY($1)', [[tenantA, tenantB]]);
    await app.end();
    await admin.end();
  });

  async function asTenant<T>(tenantId: string | undefined, work: () => Promise<T>): Promise<T> {
    await app.query('BEGIN');
    try {
      if (tenantId) await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      return await work();
    } finally {
      await app.query('ROLLBACK');
    }
  }

  it('is a plain role: not a superuser, no BYPASSRLS, owns no table', async () => {
    const { rows } = await admin.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1', [env.DB_USER]);
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
    const owned = await admin.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = $1`, [env.DB_USER]);
    expect(owned.rows).toEqual([]);
  });

  it('sees no rows at all when no tenant is set', async () => {
    const { rows } = await asTenant(undefined, () => app.query('SELECT count(*)::int AS n FROM tenants'));
    expect(rows[0].n).toBe(0);
    const total = await admin.query('SELECT count(*)::int AS n FROM tenants');
    expect(total.rows[0].n).toBeGreaterThanOrEqual(2);
  });

  it.each(['employees', 'departments', 'employee_departments', 'groups', 'group_members', 'audit_log', 'tenant_data_keys'])(
    'sees no %s at all when no tenant is set',
    async (table) => {
      const { rows } = await asTenant(undefined, () => app.query(`SELECT count(*)::int AS n FROM ${table}`));
      expect(rows[0].n).toBe(0);
    },
  );

  it('lists tenant ids only under the explicit platform scope, and nothing else with it', async () => {
    const listed = await asTenant(undefined, async () => {
      await app.query(`SELECT set_config('app.platform_scope', 'tenant-listing', true)`);
      return (await app.query('SELECT id FROM tenants WHERE id = ANY($1)', [[tenantA, tenantB]])).rows;
    });
    expect(listed).toHaveLength(2);
    const audit = await asTenant(undefined, async () => {
      await app.query(`SELECT set_config('app.platform_scope', 'tenant-listing', true)`);
      return (await app.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;
    });
    expect(audit).toBe(0);
  });

  it.each(['tenant-listing', 'platform-operator'])(
    'never lists across tenants for a transaction bound to a tenant, even one that sets the %s scope',
    async (scope) => {
      const listed = await asTenant(tenantA, async () => {
        await app.query(`SELECT set_config('app.platform_scope', $1, true)`, [scope]);
        return (await app.query('SELECT id FROM tenants WHERE id = ANY($1)', [[tenantA, tenantB]])).rows;
      });
      expect(listed).toEqual([{ id: tenantA }]);
      const unbound = await asTenant(undefined, async () => {
        await app.query(`SELECT set_config('app.platform_scope', $1, true)`, [scope]);
        return (await app.query('SELECT id FROM tenants WHERE id = ANY($1) ORDER BY id', [[tenantA, tenantB]])).rows;
      });
      expect(unbound).toEqual([tenantA, tenantB].sort().map((id) => ({ id })));
    },
  );

  it('shows the purge schedule across tenants only to an unbound employee-purge transaction', async () => {
    const employeeA = randomUUID();
    const employeeB = randomUUID();
    // Disabled employees: the trigger puts them on the schedule.
    for (const [id, tenantId] of [
      [employeeA, tenantA],
      [employeeB, tenantB],
    ]) {
      await admin.query(
        `INSERT INTO employees (id, tenant_id, employee_number, name_kanji, name_kana, work_prefecture, language, status, disabled_at, data_key_id)
         VALUES ($1, $2, $3, 'RLS 太郎', 'アールエルエス', '13', 'ja', 'disabled', now(), 'dk_rls')`,
        [id, tenantId, `RLS-${id.slice(0, 8)}`],
      );
    }
    try {
      const visible = (tenantId: string | undefined) =>
        asTenant(tenantId, async () => {
          await app.query(`SELECT set_config('app.platform_scope', 'employee-purge', true)`);
          return (await app.query('SELECT employee_id FROM employee_purge_schedule WHERE employee_id = ANY($1) ORDER BY employee_id', [[employeeA, employeeB]])).rows;
        });
      expect(await visible(undefined)).toEqual([employeeA, employeeB].sort().map((id) => ({ employee_id: id })));
      expect(await visible(tenantA)).toEqual([{ employee_id: employeeA }]);
    } finally {
      await admin.query('DELETE FROM employee_purge_schedule WHERE employee_id = ANY($1)', [[employeeA, employeeB]]);
      await admin.query('DELETE FROM employees WHERE id = ANY($1)', [[employeeA, employeeB]]);
    }
  });

  it('shows the platform audit log only to an unbound platform-operator transaction, and keeps it append-only', async () => {
    const operatorId = randomUUID();
    await admin.query(`INSERT INTO platform_audit_log (operator_id, action, tenant_id) VALUES ($1, 'rls.checked', $2)`, [operatorId, tenantA]);
    const count = (tenantId: string | undefined, scope: string | null) =>
      asTenant(tenantId, async () => {
        if (scope) await app.query(`SELECT set_config('app.platform_scope', $1, true)`, [scope]);
        return (await app.query('SELECT count(*)::int AS n FROM platform_audit_log WHERE operator_id = $1', [operatorId])).rows[0].n;
      });
    expect(await count(undefined, 'platform-operator')).toBe(1);
    expect(await count(undefined, null)).toBe(0);
    expect(await count(undefined, 'tenant-listing')).toBe(0);
    expect(await count(tenantA, 'platform-operator')).toBe(0);
    await expect(
      asTenant(tenantA, () => app.query(`INSERT INTO platform_audit_log (operator_id, action) VALUES ($1, 'forged')`, [operatorId])),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asTenant(undefined, async () => {
        await app.query(`SELECT set_config('app.platform_scope', 'platform-operator', true)`);
        await app.query('DELETE FROM platform_audit_log WHERE operator_id = $1', [operatorId]);
      }),
    ).rejects.toThrow(/append-only/);
  });

  it('keeps the audit log append-only (a trigger: it binds every role)', async () => {
    await expect(asTenant(tenantA, () => app.query(`UPDATE audit_log SET action = 'forged' WHERE tenant_id = $1`, [tenantA]))).rejects.toThrow(/append-only/);
    await expect(asTenant(tenantA, () => app.query('DELETE FROM audit_log WHERE tenant_id = $1', [tenantA]))).rejects.toThrow(/append-only/);
  });

  it("sees only its own tenant's row, even when asking for another one by id", async () => {
    const own = await asTenant(tenantA, () => app.query('SELECT id FROM tenants'));
    expect(own.rows).toEqual([{ id: tenantA }]);
    const other = await asTenant(tenantA, () => app.query('SELECT id FROM tenants WHERE id = $1', [tenantB]));
    expect(other.rows).toEqual([]);
  });

  it("cannot change or delete another tenant's row", async () => {
    const updated = await asTenant(tenantA, () => app.query(`UPDATE tenants SET display_name = 'hijacked' WHERE id = $1`, [tenantB]));
    expect(updated.rowCount).toBe(0);
    const deleted = await asTenant(tenantA, () => app.query('DELETE FROM tenants WHERE id = $1', [tenantB]));
    expect(deleted.rowCount).toBe(0);
    const { rows } = await admin.query('SELECT display_name FROM tenants WHERE id = $1', [tenantB]);
    expect(rows).toEqual([{ display_name: 'RLS test' }]);
  });

  it('cannot write a row for another tenant', async () => {
    await expect(
      asTenant(tenantA, () =>
        app.query(`INSERT INTO tenants (id, slug, display_name, default_language, time_zone) VALUES ($1, $2, 'x', 'ja', 'Asia/Tokyo')`, [randomUUID(), `rls-x-${Date.now()}`]),
      ),
    ).rejects.toThrow(/row-level security policy/);
  });

  it('keeps the policy forced on every tenant-owned table', async () => {
    const { rows } = await admin.query(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
       JOIN information_schema.columns col ON col.table_name = c.relname AND col.column_name = 'tenant_id' AND col.table_schema = 'public'
       WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND c.relname <> 'signup_requests'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
    }
  });
});
