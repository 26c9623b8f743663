import { EntityManager } from 'typeorm';

/**
 * Someone in this company's directory who can be reached (in the caller's tenant transaction):
 * what the self-service endpoints check before they keep anything for a person.
 */
export async function activeRecipient(manager: EntityManager, recipientId: string): Promise<{ language: 'ja' | 'en' } | undefined> {
  const [person]: { language: 'ja' | 'en' }[] = await manager.query('SELECT language FROM directory_recipients WHERE employee_id = $1 AND active', [recipientId]);
  return person;
}
