import type { Principal } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { CallHandler, ExecutionContext, ForbiddenException, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { DataSource } from 'typeorm';

/**
 * How long a pod trusts what it read about a tenant's status. A suspension reaches the pod
 * that made it at once (it forgets its own entry) and every other pod within this time.
 */
const STATUS_CACHE_MS = 5_000;

/** Whether a tenant is suspended, read under the tenant's own row-level security and cached briefly. */
export class TenantStatuses {
  private readonly cache = new Map<string, { suspended: boolean; readAt: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: () => number = Date.now,
  ) {}

  async isSuspended(tenantId: string): Promise<boolean> {
    const cached = this.cache.get(tenantId);
    if (cached && this.clock() - cached.readAt < STATUS_CACHE_MS) return cached.suspended;
    const [row]: { status: string }[] = await runInTenantTransaction(this.dataSource, tenantId, (manager) => manager.query('SELECT status FROM tenants WHERE id = $1', [tenantId]));
    const suspended = row?.status === 'suspended';
    this.cache.set(tenantId, { suspended, readAt: this.clock() });
    return suspended;
  }

  forget(tenantId: string): void {
    this.cache.delete(tenantId);
  }
}

/**
 * Refuses every call of a signed-in person whose tenant a platform operator suspended (403);
 * their data is kept. Runs after the route's guard, so it sees the verified principal; routes
 * without one (sign-up, operators' routes, health) pass untouched.
 */
@Injectable()
export class SuspendedTenantInterceptor implements NestInterceptor {
  constructor(private readonly statuses: TenantStatuses) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    if (principal && (await this.statuses.isSuspended(principal.tenantId))) {
      throw new ForbiddenException("your company's Anpi service is suspended; contact the Anpi operator");
    }
    return next.handle();
  }
}
