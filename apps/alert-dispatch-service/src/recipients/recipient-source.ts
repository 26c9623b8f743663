import type { EntityManager } from 'typeorm';
import type { AlertTarget } from '../alerts/alert-target';
import type { RecipientRange } from '../fan-out/recipient-ranges';

/** How one person can be reached. Decrypted only in memory, only to send. */
export interface ContactPoints {
  emails: string[];
  mobilePhone?: string;
  lineUserId?: string;
  pushSubscriptions?: { endpoint: string; keys: { p256dh: string; auth: string } }[];
}

export interface Recipient {
  recipientId: string;
  language: 'ja' | 'en';
  displayName: string;
  contacts: ContactPoints;
}

/**
 * Where the fan-out gets its recipients: pages ordered by recipient id (a stable cursor for
 * resuming after a crash), and contact points for a batch about to be sent.
 */
export interface RecipientSource {
  /** The next ids of `range` the target reaches, in order. `inTransaction` as for `recipients`. */
  idsPage(tenantId: string, target: AlertTarget, range: RecipientRange, limit: number, inTransaction?: EntityManager): Promise<string[]>;
  /** How many active people a target reaches now (the console's live count). */
  count(tenantId: string, target: AlertTarget): Promise<number>;
  /** `inTransaction`: read in the caller's transaction, already bound to `tenantId` (saves one of its own). */
  recipients(tenantId: string, recipientIds: readonly string[], inTransaction?: EntityManager): Promise<Recipient[]>;
}

export const RECIPIENT_SOURCE = Symbol('RECIPIENT_SOURCE');
