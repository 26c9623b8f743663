import { FieldCipher } from '@anpi/field-encryption';
import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource } from 'typeorm';
import type { AlertTarget } from '../alerts/alert-target';
import { ContactPoints, Recipient, RecipientSource } from './recipient-source';

interface StoredContact extends ContactPoints {
  displayName: string;
}

/** Turns a target into a WHERE clause over the projection; parameters start at $3. */
const targetFilters: { [K in AlertTarget['kind']]: (target: Extract<AlertTarget, { kind: K }>) => { sql: string; values: unknown[] } } = {
  all: () => ({ sql: 'true', values: [] }),
  departments: (target) => ({ sql: 'department_ids && $3::uuid[]', values: [target.departmentIds] }),
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

/**
 * Recipients from dispatch's own projection of the directory (`directory_recipients`).
 * `department_ids` holds each employee's departments and all their ancestors, so targeting
 * a department reaches its whole subtree with one array overlap.
 */
export class ProjectedRecipientSource implements RecipientSource {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  async idsPage(tenantId: string, target: AlertTarget, afterRecipientId: string | null, limit: number): Promise<string[]> {
    const filter = (targetFilters[target.kind] as (target: AlertTarget) => { sql: string; values: unknown[] })(target);
    const rows: { employee_id: string }[] = await runInTenantTransaction(this.dataSource, tenantId, (manager) =>
      manager.query(
        `SELECT employee_id FROM directory_recipients
         WHERE active AND ($1::uuid IS NULL OR employee_id > $1::uuid) AND ${filter.sql}
         ORDER BY employee_id LIMIT $2`,
        [afterRecipientId, limit, ...filter.values],
      ),
    );
    return rows.map((row) => row.employee_id);
  }

  async recipients(tenantId: string, recipientIds: readonly string[]): Promise<Recipient[]> {
    const rows: { employee_id: string; language: 'ja' | 'en'; contact_ciphertext: string }[] = await runInTenantTransaction(
      this.dataSource,
      tenantId,
      (manager) =>
        manager.query('SELECT employee_id, language, contact_ciphertext FROM directory_recipients WHERE employee_id = ANY($1::uuid[]) AND active', [
          recipientIds,
        ]),
    );
    return rows.map((row) => {
      const { displayName, ...contacts } = JSON.parse(this.cipher.decrypt(row.contact_ciphertext, contactAssociatedData(tenantId, row.employee_id))) as StoredContact;
      return { recipientId: row.employee_id, language: row.language, displayName, contacts };
    });
  }
}

/** Binds a stored contact ciphertext to its row: copied elsewhere, it does not decrypt. */
export function contactAssociatedData(tenantId: string, employeeId: string): string {
  return `directory_recipients/${tenantId}/${employeeId}`;
}
