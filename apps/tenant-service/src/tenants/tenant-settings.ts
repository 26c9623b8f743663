import { appendToOutbox } from '@anpi/messaging';
import { runInTenantTransaction } from '@anpi/persistence';
import { NotFoundException } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { z } from 'zod';
import { Caller } from '../access/caller';
import { recordAudit } from '../audit/audit-trail';
import { Tenant } from './tenant.entity';

const timeZones = new Set(Intl.supportedValuesOf('timeZone'));

/** What an owner may change after sign-up; the slug stays (it is in every log-in URL). */
export const tenantSettingsPatchSchema = z
  .object({
    displayName: z.string().trim().min(1).max(200),
    defaultLanguage: z.enum(['ja', 'en']),
    timeZone: z.string().refine((zone) => timeZones.has(zone), 'unknown IANA time zone'),
    allowPlainHttpAnswerLinks: z.boolean(),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one setting to change');

export type TenantSettingsPatch = z.infer<typeof tenantSettingsPatchSchema>;

export interface TenantSettingsView {
  displayName: string;
  defaultLanguage: 'ja' | 'en';
  timeZone: string;
  allowPlainHttpAnswerLinks: boolean;
}

const settingsOf = (tenant: Tenant): TenantSettingsView => ({
  displayName: tenant.displayName,
  defaultLanguage: tenant.defaultLanguage,
  timeZone: tenant.timeZone,
  allowPlainHttpAnswerLinks: tenant.allowPlainHttpAnswerLinks,
});

/**
 * The company's settings. A change commits with its audit entry and a `tenant.settings-changed`
 * event carrying all settings, which dispatch and response-collection apply to their own copy
 * (e.g. whether answer links may use plain http for feature phones).
 */
export class TenantSettings {
  constructor(private readonly dataSource: DataSource) {}

  read(caller: Caller): Promise<TenantSettingsView> {
    return runInTenantTransaction(this.dataSource, caller.principal.tenantId, async (manager) => settingsOf(await this.tenantOf(manager.getRepository(Tenant), caller)));
  }

  update(caller: Caller, patch: TenantSettingsPatch, now = new Date()): Promise<TenantSettingsView> {
    const tenantId = caller.principal.tenantId;
    return runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const tenants = manager.getRepository(Tenant);
      const tenant = await this.tenantOf(tenants, caller);
      const before = settingsOf(tenant);
      const changed = (Object.keys(patch) as (keyof TenantSettingsView)[]).filter((field) => patch[field] !== before[field]).sort();
      if (changed.length === 0) return before;
      Object.assign(tenant, patch);
      await tenants.save(tenant);
      const after = settingsOf(tenant);
      await recordAudit(manager, tenantId, { kind: 'user', caller }, [{ action: 'tenant.settings_changed', targetType: 'tenant', targetId: tenantId, details: { fields: changed } }]);
      await appendToOutbox(manager, [
        { type: 'tenant.settings-changed', version: 1, tenantId, payload: { tenantId, ...after, changedAt: now.toISOString() } },
      ]);
      return after;
    });
  }

  private async tenantOf(tenants: Repository<Tenant>, caller: Caller): Promise<Tenant> {
    const tenant = await tenants.findOneBy({ id: caller.principal.tenantId });
    if (!tenant) throw new NotFoundException('tenant not found');
    return tenant;
  }
}
