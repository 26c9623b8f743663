import { ServiceProcess, localServiceEnvironment, runServiceToExit, waitFor } from '@anpi/testing';
import { Client } from 'pg';
import { RunningSystem, newTenantRequest } from './system';

describe('service configuration and lifecycle', () => {
  it.each([
    ['DB_NAME', { DB_NAME: undefined }, 'invalid configuration: DB_NAME: is required'],
    ['KAFKA_BROKERS', { KAFKA_BROKERS: 'not a broker list' }, 'invalid configuration: KAFKA_BROKERS: must be host:port[,host:port]'],
    ['HTTP_PORT', { HTTP_PORT: '99999' }, 'invalid configuration: HTTP_PORT: Too big: expected number to be <=65535'],
    ['INTERNAL_API_TOKEN', { INTERNAL_API_TOKEN: 'short' }, 'invalid configuration: INTERNAL_API_TOKEN: must be at least 32 characters'],
  ])('refuses to start with a bad %s, naming it in one line', async (_name, change, expectedLine) => {
    const env = localServiceEnvironment('tenant-service', { HTTP_PORT: '3199' });
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    const { code, stderr, stdout } = await runServiceToExit('tenant-service', env);
    expect(code).toBe(78);
    expect(stderr.trim()).toBe(expectedLine);
    expect(stdout).toBe('');
  });

  it('refuses a PII key ring with a wrong-size key (auth-service)', async () => {
    const env = localServiceEnvironment('auth-service', { HTTP_PORT: '3199', PII_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' });
    const { code, stderr } = await runServiceToExit('auth-service', env);
    expect(code).toBe(78);
    expect(stderr.trim()).toBe('invalid configuration: PII_ENCRYPTION_KEYS: each entry must be keyId:<32 bytes, base64>');
  });

  it('flushes the outbox on SIGTERM: an event committed just before shutdown still arrives', async () => {
    const system = new RunningSystem();
    await system.start();
    try {
      // SIGTERM right after the commit races the relay; either way the
      // event must be in Kafka once tenant-service has exited — nothing left behind.
      const { status, body } = await system.signUp(newTenantRequest());
      expect(status).toBe(201);
      expect(await system.tenant.stop('SIGTERM')).toBe(0);
      const pending = await outboxRows();
      expect(pending).toBe(0);
      await system.waitForTenantEverywhere(body.id as string);
    } finally {
      await system.stop();
    }
  });

  it('serves again after a restart without losing its consumer position', async () => {
    const dispatch = new ServiceProcess('alert-dispatch-service', 3113);
    await dispatch.start();
    expect(await dispatch.stop('SIGTERM')).toBe(0);
    const tenant = new ServiceProcess('tenant-service', 3111);
    await tenant.start();
    const response = await fetch(`${tenant.baseUrl}/v1/tenants/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(newTenantRequest()),
    });
    const created = (await response.json()) as { id: string };
    await tenant.stop();
    // The event was published while dispatch was down; on restart it resumes from its offset.
    await dispatch.start();
    try {
      await waitFor(
        async () => {
          const result = await fetch(`${dispatch.baseUrl}/internal/v1/tenants/${created.id}`, {
            headers: { authorization: `Bearer ${localServiceEnvironment('alert-dispatch-service').INTERNAL_API_TOKEN}` },
          });
          return result.status === 200;
        },
        { what: 'dispatch to catch up after restart' },
      );
    } finally {
      await dispatch.stop();
    }
  });
});

async function outboxRows(): Promise<number> {
  const env = localServiceEnvironment('tenant-service');
  const client = new Client({ host: env.PGHOST, port: Number(env.PGPORT), user: 'postgres', database: env.DB_NAME });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM outbox');
    return rows[0].n;
  } finally {
    await client.end();
  }
}
