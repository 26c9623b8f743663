import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource, EntityManager } from 'typeorm';
import type { AlertTarget } from '../alerts/alert-target';
import type { RecipientRange } from '../fan-out/recipient-ranges';
import { LineLinkStore } from '../line-links/line-link-store';
import { PushSubscriptionStore } from '../push-subscriptions/push-subscription';
import { Recipient, RecipientSource } from './recipient-source';

/** Turns a target into a WHERE clause over the projection; parameters start at $3. */
const targetFilters: { [K in AlertTarget['kind']]: (target: Extract<AlertTarget, { kind: K }>) => { sql: string; values: unknown[] } } = {
  all: () => ({ sql: 'true', values: [] }),
  // A department reaches its whole subtree: every department whose path contains it.
  departments: (target) => ({
    sql: 'department_ids && ARRAY(SELECT department_id FROM directory_departments WHERE path && $3::uuid[])',
    values: [target.departmentIds],
  }),
  groups: (target) => ({ sql: 'group_ids && $3::uuid[]', values: [target.groupIds] }),
  employees: (target) => ({ sql: 'employee_id = ANY($3::uuid[])', values: [target.employeeIds] }),
  prefectures: (target) => ({
    sql: {
      work: 'work_prefecture = ANY($3::text[])',
      home: 'home_prefecture = ANY($3::text[])',
      work_or_home: '(work_prefecture = ANY($3::text[]) OR home_prefecture = ANY($3::text[]))',
    }[target.match],
    values: [target.prefectureCodes],
  }),
};

function filterFor(target: AlertTarget): { sql: string; values: unknown[] } {
  return (targetFilters[target.kind] as (target: AlertTarget) => { sql: string; values: unknown[] })(target);
}

interface RecipientRow {
  employee_id: string;
  language: 'ja' | 'en';
  contact_ciphertext: string;
  push_subscriptions: string[] | null;
  line_link: string | null;
}

/**
 * Recipients from dispatch's own projection of the directory (`directory_recipients` and
 * `directory_departments`, kept from tenant-service's events), with the push subscriptions and
 * LINE links people made from their answer pages (a LINE account the person linked wins over
 * the id an admin entered: it is the one that person's phone follows). Contacts stay sealed in the database and are opened only
 * for the batch about to be sent.
 */
export class ProjectedRecipientSource implements RecipientSource {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sealer: ContactEventSealer,
    private readonly pushSubscriptions: PushSubscriptionStore,
    private readonly lineLinks: LineLinkStore,
  ) {}

  /** Over one directory key ring: contacts, push subscriptions and LINE links are all sealed under it. */
  static overKeyRing(dataSource: DataSource, directoryCipher: FieldCipher): ProjectedRecipientSource {
    return new ProjectedRecipientSource(dataSource, new ContactEventSealer(directoryCipher), new PushSubscriptionStore(directoryCipher), new LineLinkStore(directoryCipher));
  }

  async count(tenantId: string, target: AlertTarget): Promise<number> {
    const filter = filterFor(target);
    const [row]: { n: number }[] = await runInTenantTransaction(this.dataSource, tenantId, (manager) =>
      // $1 and $2 keep the filter's parameter numbers the same as in idsPage.
      manager.query(`SELECT count(*)::int AS n FROM directory_recipients WHERE active AND $1::int IS NULL AND $2::int IS NULL AND ${filter.sql}`, [null, null, ...filter.values]),
    );
    return row.n;
  }

  async idsPage(tenantId: string, target: AlertTarget, range: RecipientRange, limit: number, inTransaction?: EntityManager): Promise<string[]> {
    const filter = filterFor(target);
    const read = (manager: EntityManager): Promise<{ employee_id: string }[]> =>
      manager.query(
        `SELECT employee_id FROM directory_recipients
         WHERE active AND ($1::uuid IS NULL OR employee_id > $1::uuid) AND employee_id <= $${filter.values.length + 3}::uuid AND ${filter.sql}
         ORDER BY employee_id LIMIT $2`,
        [range.startAfter, limit, ...filter.values, range.through],
      );
    const rows = inTransaction ? await read(inTransaction) : await runInTenantTransaction(this.dataSource, tenantId, read);
    return rows.map((row) => row.employee_id);
  }

  async recipients(tenantId: string, recipientIds: readonly string[], inTransaction?: EntityManager): Promise<Recipient[]> {
    // Push subscriptions and LINE links come along in the same statement: one lookup per person on their key.
    const read = (manager: EntityManager): Promise<RecipientRow[]> =>
      manager.query(
        `SELECT r.employee_id, r.language, r.contact_ciphertext,
                (SELECT array_agg(p.sealed ORDER BY p.registered_at DESC) FROM push_subscriptions p WHERE p.tenant_id = r.tenant_id AND p.recipient_id = r.employee_id) AS push_subscriptions,
                (SELECT l.sealed FROM line_links l WHERE l.tenant_id = r.tenant_id AND l.recipient_id = r.employee_id) AS line_link
         FROM directory_recipients r WHERE r.employee_id = ANY($1::uuid[]) AND r.active`,
        [recipientIds],
      );
    const rows = inTransaction ? await read(inTransaction) : await runInTenantTransaction(this.dataSource, tenantId, read);
    return rows.map((row) => {
      const details = this.sealer.open(tenantId, row.employee_id, row.contact_ciphertext);
      const emails = [details.companyEmail, ...details.privateEmails].filter((email): email is string => Boolean(email));
      return {
        recipientId: row.employee_id,
        language: row.language,
        displayName: details.nameKanji,
        contacts: {
          emails,
          mobilePhone: details.mobilePhone ?? undefined,
          lineUserId: this.lineLinks.open(tenantId, row.employee_id, row.line_link) ?? details.lineUserId ?? undefined,
          pushSubscriptions: this.pushSubscriptions.open(tenantId, row.employee_id, row.push_subscriptions),
        },
      };
    });
  }
}
