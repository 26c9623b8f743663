import { FieldCipher } from '@anpi/field-encryption';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';

/**
 * Employees' own LINE links, sealed under the directory's key ring and bound to tenant and
 * employee. One LINE account reaches one employee: linking it again (a shared phone handed on)
 * moves it to whoever linked it last. Every method runs in the caller's tenant transaction.
 */
export class LineLinkStore {
  constructor(private readonly cipher: FieldCipher) {}

  async link(manager: EntityManager, tenantId: string, recipientId: string, lineUserId: string): Promise<void> {
    const digest = lineUserDigest(lineUserId);
    await manager.query('DELETE FROM line_links WHERE line_user_digest = $1 AND recipient_id <> $2', [digest, recipientId]);
    await manager.query(
      `INSERT INTO line_links (tenant_id, recipient_id, line_user_digest, sealed) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, recipient_id) DO UPDATE SET line_user_digest = EXCLUDED.line_user_digest, sealed = EXCLUDED.sealed, linked_at = now()`,
      [tenantId, recipientId, digest, this.cipher.encrypt(lineUserId, binding(tenantId, recipientId))],
    );
  }

  /** The person blocked the official account (LINE's `unfollow`): pushes to them would fail anyway. */
  async unlinkLineUser(manager: EntityManager, lineUserId: string): Promise<number> {
    const [, unlinked]: [unknown[], number] = await manager.query('DELETE FROM line_links WHERE line_user_digest = $1', [lineUserDigest(lineUserId)]);
    return unlinked;
  }

  /** Opens what `recipients()` read with the contacts. */
  open(tenantId: string, recipientId: string, sealed: string | null): string | undefined {
    return sealed === null ? undefined : this.cipher.decrypt(sealed, binding(tenantId, recipientId));
  }
}

function lineUserDigest(lineUserId: string): string {
  return createHash('sha256').update(lineUserId).digest('base64url');
}

function binding(tenantId: string, recipientId: string): string {
  return `line-link/${tenantId}/${recipientId}`;
}
