import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource } from 'typeorm';

export type RecipientReach = 'in-scope' | 'not-a-recipient' | 'outside-scope';

/**
 * Whether this alert asked this person, read under the tenant's RLS (another tenant's alert is
 * simply not there), and whether they sit in the given department scope (`scopeRoots`: a
 * department admin's subtree roots; null for no limit). `answer_context` cannot tell: it reads
 * the alert even for someone it did not ask.
 */
export async function reachOfRecipient(dataSource: DataSource, tenantId: string, alertId: string, recipientId: string, scopeRoots: string[] | null): Promise<RecipientReach> {
  const [row]: { in_scope: boolean }[] = await runInTenantTransaction(dataSource, tenantId, (manager) =>
    manager.query('SELECT ($3::uuid[] IS NULL OR department_scope && $3::uuid[]) AS in_scope FROM alert_recipients WHERE alert_id = $1 AND recipient_id = $2', [alertId, recipientId, scopeRoots]),
  );
  if (!row) return 'not-a-recipient';
  return row.in_scope ? 'in-scope' : 'outside-scope';
}
