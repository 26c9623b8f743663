import { appendToOutbox } from '@anpi/messaging';
import { bindTenant } from '@anpi/persistence';
import { ConflictException, UnprocessableEntityException } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { Tenant } from './tenant.entity';

const timeZones = new Set(Intl.supportedValuesOf('timeZone'));

export const signUpCommandSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and hyphens, 2–63 characters'),
    displayName: z.string().trim().min(1).max(200),
    defaultLanguage: z.enum(['ja', 'en']).default('ja'),
    timeZone: z
      .string()
      .default('Asia/Tokyo')
      .refine((zone) => timeZones.has(zone), 'unknown IANA time zone'),
    allowPlainHttpAnswerLinks: z.boolean().default(false),
    owner: z.object({ email: z.email().max(254), displayName: z.string().trim().min(1).max(200) }).strict(),
  })
  .strict();

export type SignUpCommand = z.infer<typeof signUpCommandSchema>;

export interface SignUpResult {
  tenant: TenantView;
  /** True when this was a retry of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

export interface TenantView {
  id: string;
  slug: string;
  displayName: string;
  defaultLanguage: 'ja' | 'en';
  timeZone: string;
  allowPlainHttpAnswerLinks: boolean;
  status: 'active' | 'suspended';
  createdAt: string;
}

export function toTenantView(tenant: Tenant): TenantView {
  return {
    id: tenant.id,
    slug: tenant.slug,
    displayName: tenant.displayName,
    defaultLanguage: tenant.defaultLanguage,
    timeZone: tenant.timeZone,
    allowPlainHttpAnswerLinks: tenant.allowPlainHttpAnswerLinks,
    status: tenant.status,
    createdAt: tenant.createdAt.toISOString(),
  };
}

/**
 * A company signs up: its tenant row and the `tenant.created` event (which makes auth-service
 * provision the owner's login) commit together. With an Idempotency-Key, a retried request
 * returns the first result; the same key with a different body is refused.
 */
export class SignUpTenant {
  constructor(private readonly dataSource: DataSource) {}

  async execute(command: SignUpCommand, idempotencyKey?: string): Promise<SignUpResult> {
    const requestHash = createHash('sha256').update(JSON.stringify(command)).digest('hex');
    return this.dataSource.transaction(async (manager) => {
      const tenantId = randomUUID();
      if (idempotencyKey !== undefined) {
        const earlier = await this.claimIdempotencyKey(manager, idempotencyKey, requestHash, tenantId);
        if (earlier) {
          return { tenant: toTenantView(await this.readTenant(manager, earlier)), replayed: true };
        }
      }
      const tenant = await this.createTenant(manager, tenantId, command);
      await appendToOutbox(manager, [
        {
          type: 'tenant.created',
          version: 1,
          tenantId,
          payload: {
            tenantId,
            slug: command.slug,
            displayName: command.displayName,
            defaultLanguage: command.defaultLanguage,
            timeZone: command.timeZone,
            allowPlainHttpAnswerLinks: command.allowPlainHttpAnswerLinks,
            owner: command.owner,
          },
        },
      ]);
      return { tenant: toTenantView(tenant), replayed: false };
    });
  }

  /** Returns the tenant id of an earlier request with this key, or undefined if this request owns it now. */
  private async claimIdempotencyKey(manager: EntityManager, key: string, requestHash: string, tenantId: string) {
    // A concurrent request with the same key blocks on the unique index until the first commits.
    const claimed: unknown[] = await manager.query(
      `INSERT INTO signup_requests (idempotency_key, request_hash, tenant_id) VALUES ($1, $2, $3)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING tenant_id`,
      [key, requestHash, tenantId],
    );
    if (claimed.length > 0) return undefined;
    const [earlier] = await manager.query('SELECT request_hash, tenant_id FROM signup_requests WHERE idempotency_key = $1', [key]);
    if (earlier.request_hash !== requestHash) {
      throw new UnprocessableEntityException('this Idempotency-Key was used with a different request body');
    }
    return earlier.tenant_id as string;
  }

  private async createTenant(manager: EntityManager, tenantId: string, command: SignUpCommand): Promise<Tenant> {
    await bindTenant(manager, tenantId);
    const tenants = manager.getRepository(Tenant);
    try {
      // Row-level security hides other tenants' rows, so uniqueness is the constraint's job.
      return await tenants.save(
        tenants.create({
          id: tenantId,
          slug: command.slug,
          displayName: command.displayName,
          defaultLanguage: command.defaultLanguage,
          timeZone: command.timeZone,
          allowPlainHttpAnswerLinks: command.allowPlainHttpAnswerLinks,
          status: 'active',
        }),
      );
    } catch (error) {
      if ((error as { driverError?: { constraint?: string } }).driverError?.constraint === 'tenants_slug_key') {
        throw new ConflictException(`the slug "${command.slug}" is taken`);
      }
      throw error;
    }
  }

  private async readTenant(manager: EntityManager, tenantId: string): Promise<Tenant> {
    await bindTenant(manager, tenantId);
    return manager.getRepository(Tenant).findOneByOrFail({ id: tenantId });
  }
}
