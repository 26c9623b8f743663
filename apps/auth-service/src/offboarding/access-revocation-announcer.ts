import { AccessRevocations } from '@anpi/auth-guard';
import { AccessRevokedV1 } from '@anpi/contracts';
import { appendToOutbox } from '@anpi/messaging';
import { EntityManager } from 'typeorm';
import { Account } from '../accounts/account.entity';

/**
 * Tells every service that an account's access tokens issued until now are void: an
 * `auth.access-revoked` event in the caller's transaction (outbox), and at once in this
 * process's own guard, which would otherwise wait for the event to come back from Kafka.
 */
export class AccessRevocationAnnouncer {
  constructor(private readonly localRevocations: AccessRevocations) {}

  async announce(manager: EntityManager, account: Account, reason: AccessRevokedV1['reason']): Promise<void> {
    const validAfter = new Date();
    const payload: AccessRevokedV1 = { tenantId: account.tenantId, accountId: account.id, validAfter: validAfter.toISOString(), reason };
    await appendToOutbox(manager, [{ type: 'auth.access-revoked', version: 1, tenantId: account.tenantId, payload }]);
    // Before the commit: refusing a token a moment early is harmless; accepting it late is not.
    this.localRevocations.revoke(account.id, validAfter);
  }
}
