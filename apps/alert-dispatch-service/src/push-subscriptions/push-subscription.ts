import { FieldCipher } from '@anpi/field-encryption';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';

/** What is kept of a subscription (its expiry hint is not: push services answer 404/410 for a gone one). */
export type PushSubscription = { endpoint: string; keys: { p256dh: string; auth: string } };

/** The newest few per person: someone may use a phone and a tablet; old browsers go. */
export const PUSH_SUBSCRIPTIONS_PER_RECIPIENT = 5;

/**
 * Keeps employees' push subscriptions sealed under the directory's key ring (the ring dispatch
 * already opens contacts with), bound to tenant and recipient so a sealed value moved to
 * another person does not open.
 */
export class PushSubscriptionStore {
  constructor(private readonly cipher: FieldCipher) {}

  /** In the caller's tenant transaction. The same browser again replaces its row. */
  async register(manager: EntityManager, tenantId: string, recipientId: string, subscription: PushSubscription): Promise<void> {
    const kept: PushSubscription = { endpoint: subscription.endpoint, keys: { p256dh: subscription.keys.p256dh, auth: subscription.keys.auth } };
    await manager.query(
      `INSERT INTO push_subscriptions (tenant_id, recipient_id, endpoint_digest, sealed) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, recipient_id, endpoint_digest) DO UPDATE SET sealed = EXCLUDED.sealed, registered_at = now()`,
      [tenantId, recipientId, endpointDigest(kept.endpoint), this.cipher.encrypt(JSON.stringify(kept), binding(tenantId, recipientId))],
    );
    await manager.query(
      `DELETE FROM push_subscriptions WHERE tenant_id = $1 AND recipient_id = $2 AND endpoint_digest NOT IN (
         SELECT endpoint_digest FROM push_subscriptions WHERE tenant_id = $1 AND recipient_id = $2 ORDER BY registered_at DESC LIMIT $3)`,
      [tenantId, recipientId, PUSH_SUBSCRIPTIONS_PER_RECIPIENT],
    );
  }

  /** In the caller's tenant transaction: subscriptions whose push service said they are gone. */
  async forget(manager: EntityManager, gone: readonly { recipientId: string; endpoint: string }[]): Promise<void> {
    await manager.query(
      'DELETE FROM push_subscriptions p USING unnest($1::uuid[], $2::text[]) AS g(recipient_id, endpoint_digest) WHERE p.recipient_id = g.recipient_id AND p.endpoint_digest = g.endpoint_digest',
      [gone.map((subscription) => subscription.recipientId), gone.map((subscription) => endpointDigest(subscription.endpoint))],
    );
  }

  /** Opens what `recipients()` read with the contacts (sealed values, newest first). */
  open(tenantId: string, recipientId: string, sealed: readonly string[] | null): PushSubscription[] {
    return (sealed ?? []).map((value) => JSON.parse(this.cipher.decrypt(value, binding(tenantId, recipientId))) as PushSubscription);
  }
}

function endpointDigest(endpoint: string): string {
  return createHash('sha256').update(endpoint).digest('base64url');
}

function binding(tenantId: string, recipientId: string): string {
  return `push-subscription/${tenantId}/${recipientId}`;
}
