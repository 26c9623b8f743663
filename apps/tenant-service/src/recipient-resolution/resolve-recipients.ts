import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource } from 'typeorm';
import { ContactVault } from '../contact-encryption/contact-vault';
import { DirectoryKeys } from '../contact-encryption/directory-keys';
import { RecipientQuery } from './recipient-request';
import { RecipientStore } from './recipient-store';

/** A recipient as sent over gRPC (field names of anpi.directory.v1.Recipient). */
export interface RecipientMessage {
  employee_id: string;
  language: 'ja' | 'en';
  name_kanji: string;
  emails: string[];
  mobile_phone: string;
  line_user_id: string;
}

/** A page of recipients as sent over gRPC (anpi.directory.v1.RecipientPage). */
export interface RecipientPageMessage {
  recipients: RecipientMessage[];
  resume_after_employee_id: string;
}

export interface ResolveOptions {
  /** True once the caller has gone (cancelled or past its deadline): no further page is read. */
  isAbandoned: () => boolean;
  /** Resolves when the caller can take more (backpressure), so at most a page waits in memory. */
  readyForMore: () => Promise<void>;
}

export const RECIPIENT_PAGE_SIZE = 1_000;

export interface RecipientPageSource {
  read(query: RecipientQuery, afterEmployeeId: string | null, limit: number): Promise<RecipientMessage[]>;
}

/**
 * The recipients of a target, page after page, never the whole directory in memory: at most
 * the page being sent and the next one, read meanwhile so database time overlaps network time.
 * Nothing more is read once the caller has gone.
 */
export class ResolveRecipients {
  constructor(
    private readonly source: RecipientPageSource,
    private readonly pageSize = RECIPIENT_PAGE_SIZE,
  ) {}

  async *pages(query: RecipientQuery, options: ResolveOptions): AsyncGenerator<RecipientMessage[]> {
    let next: Promise<RecipientMessage[]> | null = this.source.read(query, query.afterEmployeeId, this.pageSize);
    try {
      while (next !== null && !options.isAbandoned()) {
        const page: RecipientMessage[] = await next;
        next = page.length === this.pageSize ? this.source.read(query, page[page.length - 1].employee_id, this.pageSize) : null;
        if (page.length > 0) yield page;
        await options.readyForMore();
      }
    } finally {
      // A caller that leaves mid-stream leaves a read in flight; its outcome no longer matters.
      next?.catch(() => undefined);
    }
  }
}

/**
 * One page per short tenant-bound transaction (RLS), so a slow caller never holds a database
 * connection. Contacts are decrypted only for the message; company e-mail comes first.
 */
export class DatabaseRecipientPages implements RecipientPageSource {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: DirectoryKeys,
    private readonly vault: ContactVault,
  ) {}

  read(query: RecipientQuery, afterEmployeeId: string | null, limit: number): Promise<RecipientMessage[]> {
    return runInTenantTransaction(this.dataSource, query.tenantId, async (manager) => {
      const recipients = await new RecipientStore(manager).page(query.target, afterEmployeeId, limit);
      if (recipients.length === 0) return [];
      const cipher = await this.keys.cipherFor(manager, query.tenantId);
      return recipients.map((recipient) => {
        const contacts = this.vault.open(cipher, query.tenantId, recipient.employeeId, recipient.sealed);
        return {
          employee_id: recipient.employeeId,
          language: recipient.language,
          name_kanji: recipient.nameKanji,
          emails: [...(contacts.companyEmail === null ? [] : [contacts.companyEmail]), ...contacts.privateEmails],
          mobile_phone: contacts.mobilePhone ?? '',
          line_user_id: contacts.lineUserId ?? '',
        };
      });
    });
  }
}
