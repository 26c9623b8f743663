import { CallHandler, ExecutionContext, ForbiddenException } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { DataSource } from 'typeorm';
import { SuspendedTenantInterceptor, TenantStatuses } from './suspended-tenants';

/** A DataSource whose tenants table holds `statuses`; counts the reads. */
function fakeDataSource(statuses: Record<string, string>) {
  const reads: string[] = [];
  const dataSource = {
    transaction: async (work: (manager: unknown) => Promise<unknown>) =>
      work({
        query: async (sql: string, parameters: unknown[] = []) => {
          if (!sql.includes('FROM tenants')) return []; // binding the tenant
          const tenantId = parameters[0] as string;
          reads.push(tenantId);
          return statuses[tenantId] ? [{ status: statuses[tenantId] }] : [];
        },
      }),
  } as unknown as DataSource;
  return { dataSource, reads };
}

const tenantA = '11111111-1111-4111-8111-111111111111';
const tenantB = '22222222-2222-4222-8222-222222222222';

function httpContext(principal?: { tenantId: string }): ExecutionContext {
  return { getType: () => 'http', switchToHttp: () => ({ getRequest: () => ({ principal }) }) } as unknown as ExecutionContext;
}

const handler: CallHandler = { handle: () => of('handled') };

describe('TenantStatuses', () => {
  it('reads a status once per cache period, and again after forget()', async () => {
    let now = 0;
    const statuses = { [tenantA]: 'active' };
    const { dataSource, reads } = fakeDataSource(statuses);
    const tenantStatuses = new TenantStatuses(dataSource, () => now);
    expect(await tenantStatuses.isSuspended(tenantA)).toBe(false);
    statuses[tenantA] = 'suspended';
    now = 4_000;
    expect(await tenantStatuses.isSuspended(tenantA)).toBe(false);
    tenantStatuses.forget(tenantA);
    expect(await tenantStatuses.isSuspended(tenantA)).toBe(true);
    now = 8_000; // 4 s after the last read: still cached
    expect(await tenantStatuses.isSuspended(tenantA)).toBe(true);
    expect(reads).toHaveLength(2);
    now = 9_000; // 5 s after it: read again
    expect(await tenantStatuses.isSuspended(tenantA)).toBe(true);
    expect(reads).toHaveLength(3);
  });
});

describe('SuspendedTenantInterceptor', () => {
  const { dataSource } = fakeDataSource({ [tenantA]: 'suspended', [tenantB]: 'active' });
  const interceptor = new SuspendedTenantInterceptor(new TenantStatuses(dataSource));

  it("refuses a suspended tenant's principal with 403", async () => {
    await expect(interceptor.intercept(httpContext({ tenantId: tenantA }), handler)).rejects.toBeInstanceOf(ForbiddenException);
  });

  it("lets an active tenant's principal and routes without a principal through", async () => {
    await expect(lastValueFrom(await interceptor.intercept(httpContext({ tenantId: tenantB }), handler))).resolves.toBe('handled');
    await expect(lastValueFrom(await interceptor.intercept(httpContext(), handler))).resolves.toBe('handled');
  });
});
