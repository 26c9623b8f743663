import { EntityManager } from 'typeorm';
import { ContactCiphertexts } from '../contact-encryption/contact-vault';
import { RecipientTarget } from './recipient-request';

/** An active employee as a recipient, contacts still sealed. */
export interface SealedRecipient {
  employeeId: string;
  language: 'ja' | 'en';
  nameKanji: string;
  sealed: ContactCiphertexts;
}

interface RecipientRow {
  id: string;
  language: 'ja' | 'en';
  name_kanji: string;
  company_email_ciphertext: string | null;
  private_emails_ciphertext: string | null;
  mobile_phone_ciphertext: string | null;
  line_user_id_ciphertext: string | null;
}

interface TargetFilter {
  /** SQL over `employees e`; its parameters start at $3. */
  condition: string;
  values: unknown[];
}

type TargetOfKind<Kind extends RecipientTarget['kind']> = Extract<RecipientTarget, { kind: Kind }>;

const targetFilters: { [Kind in RecipientTarget['kind']]: (target: TargetOfKind<Kind>) => TargetFilter } = {
  all: () => ({ condition: 'TRUE', values: [] }),
  // A department's path lists its ancestors and itself, so overlapping the targets is the whole subtree.
  departments: (target) => ({
    condition: `EXISTS (SELECT 1 FROM employee_departments ed JOIN departments d ON d.id = ed.department_id
                        WHERE ed.employee_id = e.id AND d.path && $3::uuid[])`,
    values: [target.departmentIds],
  }),
  prefectures: (target) => ({
    condition: `(($4::text IN ('WORK', 'WORK_OR_HOME') AND e.work_prefecture = ANY($3::text[]))
                 OR ($4::text IN ('HOME', 'WORK_OR_HOME') AND e.home_prefecture = ANY($3::text[])))`,
    values: [target.codes, target.match],
  }),
  groups: (target) => ({
    condition: 'EXISTS (SELECT 1 FROM group_members gm WHERE gm.employee_id = e.id AND gm.group_id = ANY($3::uuid[]))',
    values: [target.groupIds],
  }),
  employees: (target) => ({ condition: 'e.id = ANY($3::uuid[])', values: [target.employeeIds] }),
};

export function targetFilter(target: RecipientTarget): TargetFilter {
  return (targetFilters[target.kind] as (target: RecipientTarget) => TargetFilter)(target);
}

/** Reads recipients page by page in employee-id order; every call runs in a tenant-bound transaction (RLS). */
export class RecipientStore {
  constructor(private readonly manager: EntityManager) {}

  async page(target: RecipientTarget, afterEmployeeId: string | null, limit: number): Promise<SealedRecipient[]> {
    const filter = targetFilter(target);
    // A plain `id > cursor` (no OR for the first page) keeps each page an index range scan, not a sort of the tenant.
    // Only the ciphertexts: the blind indexes are not needed to read, and parsing them cost time per row.
    const rows: RecipientRow[] = await this.manager.query(
      `SELECT e.id, e.language, e.name_kanji, e.company_email_ciphertext, e.private_emails_ciphertext, e.mobile_phone_ciphertext,
              e.line_user_id_ciphertext
       FROM employees e
       WHERE e.status = 'active' AND e.id > coalesce($1::uuid, '00000000-0000-0000-0000-000000000000') AND ${filter.condition}
       ORDER BY e.id
       LIMIT $2`,
      [afterEmployeeId, limit, ...filter.values],
    );
    return rows.map((row) => ({
      employeeId: row.id,
      language: row.language,
      nameKanji: row.name_kanji,
      sealed: {
        companyEmailCiphertext: row.company_email_ciphertext,
        privateEmailsCiphertext: row.private_emails_ciphertext,
        mobilePhoneCiphertext: row.mobile_phone_ciphertext,
        lineUserIdCiphertext: row.line_user_id_ciphertext,
      },
    }));
  }
}
