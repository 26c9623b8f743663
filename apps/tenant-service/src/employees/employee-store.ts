import { EntityManager } from 'typeorm';
import { SealedContacts } from '../contact-encryption/contact-vault';
import { EmployeeCursor } from './employee-cursor';
import { EmployeeRecord, EmployeeRow, employeeSelectList, toEmployeeRecord } from './employee-record';

/** The plain (not encrypted) fields of an employee row. */
export interface EmployeeAttributes {
  employeeNumber: string;
  nameKanji: string;
  nameKana: string;
  workPrefecture: string;
  homePrefecture: string | null;
  language: 'ja' | 'en';
  roles: string[];
  active: boolean;
}

export interface EmployeeFilter {
  nameContains?: string;
  numberStartsWith?: string;
  departmentId?: string;
  includeSubDepartments: boolean;
  status?: 'active' | 'disabled';
  emailLookup?: string;
  phoneLookup?: string;
  after?: EmployeeCursor;
  limit: number;
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%", not everything. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** SQL of `employees` and its membership tables; every call runs in a tenant-bound transaction (RLS). */
export class EmployeeStore {
  constructor(private readonly manager: EntityManager) {}

  async find(id: string, { lock = false } = {}): Promise<EmployeeRecord | undefined> {
    const rows: EmployeeRow[] = await this.manager.query(`SELECT ${employeeSelectList} FROM employees e WHERE e.id = $1 ${lock ? 'FOR UPDATE OF e' : ''}`, [id]);
    return rows[0] && toEmployeeRecord(rows[0]);
  }

  async findMany(ids: readonly string[]): Promise<EmployeeRecord[]> {
    if (ids.length === 0) return [];
    const rows: EmployeeRow[] = await this.manager.query(`SELECT ${employeeSelectList} FROM employees e WHERE e.id = ANY($1::uuid[])`, [ids]);
    return rows.map(toEmployeeRecord);
  }

  async list(filter: EmployeeFilter): Promise<EmployeeRecord[]> {
    const rows: EmployeeRow[] = await this.manager.query(
      `SELECT ${employeeSelectList} FROM employees e
       WHERE ($1::text IS NULL OR e.name_kanji ILIKE $1 OR e.name_kana ILIKE $1)
         AND ($2::text IS NULL OR e.employee_number LIKE $2)
         AND ($3::uuid IS NULL OR EXISTS (
               SELECT 1 FROM employee_departments ed JOIN departments d ON d.id = ed.department_id
               WHERE ed.employee_id = e.id AND (CASE WHEN $4 THEN d.path @> ARRAY[$3::uuid] ELSE d.id = $3::uuid END)))
         AND ($5::text IS NULL OR e.status = $5)
         AND ($6::text IS NULL OR e.company_email_lookup = $6 OR $6 = ANY(e.private_email_lookups))
         AND ($7::text IS NULL OR e.mobile_phone_lookup = $7)
         AND ($8::text IS NULL OR (e.employee_number, e.id) > ($8, $9::uuid))
       ORDER BY e.employee_number, e.id
       LIMIT $10`,
      [
        filter.nameContains === undefined ? null : `%${likeLiteral(filter.nameContains)}%`,
        filter.numberStartsWith === undefined ? null : `${likeLiteral(filter.numberStartsWith)}%`,
        filter.departmentId ?? null,
        filter.includeSubDepartments,
        filter.status ?? null,
        filter.emailLookup ?? null,
        filter.phoneLookup ?? null,
        filter.after?.employeeNumber ?? null,
        filter.after?.id ?? null,
        filter.limit,
      ],
    );
    return rows.map(toEmployeeRecord);
  }

  async insert(tenantId: string, id: string, attributes: EmployeeAttributes, sealed: SealedContacts): Promise<void> {
    await this.manager.query(
      `INSERT INTO employees (id, tenant_id, employee_number, name_kanji, name_kana, work_prefecture, home_prefecture, language, roles,
         status, disabled_at, data_key_id, company_email_ciphertext, company_email_lookup, private_emails_ciphertext,
         private_email_lookups, mobile_phone_ciphertext, mobile_phone_lookup)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $10 THEN 'active' ELSE 'disabled' END, CASE WHEN $10 THEN NULL ELSE now() END,
         $11, $12, $13, $14, $15, $16, $17)`,
      [id, tenantId, ...this.attributeValues(attributes), ...this.sealedValues(sealed)],
    );
  }

  /** Disabling stamps the time once (the purge clock starts then); enabling clears it. */
  async update(id: string, attributes: EmployeeAttributes, sealed: SealedContacts): Promise<void> {
    await this.manager.query(
      `UPDATE employees SET employee_number = $2, name_kanji = $3, name_kana = $4, work_prefecture = $5, home_prefecture = $6,
         language = $7, roles = $8,
         status = CASE WHEN $9 THEN 'active' ELSE 'disabled' END,
         disabled_at = CASE WHEN $9 THEN NULL ELSE coalesce(disabled_at, now()) END,
         data_key_id = $10, company_email_ciphertext = $11, company_email_lookup = $12, private_emails_ciphertext = $13,
         private_email_lookups = $14, mobile_phone_ciphertext = $15, mobile_phone_lookup = $16, updated_at = now()
       WHERE id = $1`,
      [id, ...this.attributeValues(attributes), ...this.sealedValues(sealed)],
    );
  }

  async replaceDepartments(tenantId: string, employeeId: string, departmentIds: readonly string[]): Promise<void> {
    await this.manager.query('DELETE FROM employee_departments WHERE employee_id = $1', [employeeId]);
    await this.manager.query(
      `INSERT INTO employee_departments (tenant_id, employee_id, department_id) SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`,
      [tenantId, employeeId, departmentIds],
    );
  }

  async delete(id: string): Promise<void> {
    await this.manager.query('DELETE FROM employees WHERE id = $1', [id]);
  }

  private attributeValues(attributes: EmployeeAttributes): unknown[] {
    return [
      attributes.employeeNumber,
      attributes.nameKanji,
      attributes.nameKana,
      attributes.workPrefecture,
      attributes.homePrefecture,
      attributes.language,
      attributes.roles,
      attributes.active,
    ];
  }

  private sealedValues(sealed: SealedContacts): unknown[] {
    return [
      sealed.dataKeyId,
      sealed.companyEmailCiphertext,
      sealed.companyEmailLookup,
      sealed.privateEmailsCiphertext,
      sealed.privateEmailLookups,
      sealed.mobilePhoneCiphertext,
      sealed.mobilePhoneLookup,
    ];
  }
}
