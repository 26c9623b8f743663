import { FieldCipher } from '@anpi/field-encryption';
import { EntityManager } from 'typeorm';
import { ChannelKind } from './channel';
import { TenantChannelSettings, tenantChannelSettingsSchema } from './tenant-channel-settings';

/** The credential fields of each channel: stored sealed, never shown again by the API. */
const secretFields: Record<ChannelKind, readonly string[]> = {
  email: ['auth.pass'],
  'web-push': ['vapidPrivateKey'],
  sms: ['authToken'],
  line: ['channelAccessToken', 'channelSecret'],
  webhook: ['signingSecret'],
};

/** What the API shows in place of a stored credential. */
export const STORED_SECRET = '(stored)';

/**
 * A tenant's own providers and credentials, sealed with CHANNEL_SETTINGS_KEYS (AES-256-GCM,
 * bound to the tenant: a row copied to another tenant does not open). Runs inside a tenant
 * transaction (row-level security).
 */
export class TenantChannelSettingsStore {
  constructor(private readonly cipher: FieldCipher) {}

  async load(manager: EntityManager, tenantId: string): Promise<TenantChannelSettings> {
    const [row]: { settings_ciphertext: string }[] = await manager.query('SELECT settings_ciphertext FROM tenant_channel_settings WHERE tenant_id = $1', [tenantId]);
    if (!row) return {};
    return tenantChannelSettingsSchema.parse(JSON.parse(this.cipher.decrypt(row.settings_ciphertext, binding(tenantId))));
  }

  /** Sets one channel (`settings` already validated by that channel's schema), or removes it with undefined. */
  async saveChannel(manager: EntityManager, tenantId: string, channel: ChannelKind, settings: TenantChannelSettings[ChannelKind], updatedBy: string): Promise<TenantChannelSettings> {
    const next: TenantChannelSettings = { ...(await this.load(manager, tenantId)), [channel]: settings };
    if (settings === undefined) delete next[channel];
    await manager.query(
      `INSERT INTO tenant_channel_settings (tenant_id, settings_ciphertext, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET settings_ciphertext = EXCLUDED.settings_ciphertext, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [tenantId, this.cipher.encrypt(JSON.stringify(next), binding(tenantId)), updatedBy],
    );
    return next;
  }
}

/** The settings with every credential replaced by STORED_SECRET: what an admin may see again. */
export function redactChannelSettings(settings: TenantChannelSettings): Record<string, unknown> {
  const redacted: Record<string, unknown> = {};
  for (const [channel, values] of Object.entries(settings) as [ChannelKind, Record<string, unknown>][]) {
    const copy = structuredClone(values);
    for (const path of secretFields[channel]) replaceAt(copy, path.split('.'));
    redacted[channel] = copy;
  }
  return redacted;
}

/**
 * The tenant's channel over the installation's: a channel the tenant set up uses only the
 * tenant's settings; any other falls back to the installation's (if it has one).
 */
export function effectiveChannelSettings(installation: TenantChannelSettings, tenant: TenantChannelSettings): TenantChannelSettings {
  return { ...installation, ...tenant };
}

function replaceAt(target: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (!(head in target)) return;
  if (rest.length === 0) target[head] = STORED_SECRET;
  else if (target[head] && typeof target[head] === 'object') replaceAt(target[head] as Record<string, unknown>, rest);
}

function binding(tenantId: string): string {
  return `tenant-channel-settings/${tenantId}`;
}
