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
  groupId?: string;
  ids?: readonly string[];
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
         AND ($11::uuid IS NULL OR EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = $11 AND gm.employee_id = e.id))
         AND ($12::uuid[] IS NULL OR e.id = ANY($12::uuid[]))
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
        filter.groupId ?? null,
        filter.ids ?? null,
      ],
    );
    return rows.map(toEmployeeRecord);
  }

  async insert(tenantId: string, id: string, attributes: EmployeeAttributes, sealed: SealedContacts): Promise<void> {
    await this.manager.query(
      `INSERT INTO employees (id, tenant_id, employee_number, name_kanji, name_kana, work_prefecture, home_prefecture, language, roles,
         status, disabled_at, data_key_id, company_email_ciphertext, company_email_lookup, private_emails_ciphertext,
         private_email_lookups, mobile_phone_ciphertext, mobile_phone_lookup, line_user_id_ciphertext)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $10 THEN 'active' ELSE 'disabled' END, CASE WHEN $10 THEN NULL ELSE now() END,
         $11, $12, $13, $14, $15, $16, $17, $18)`,
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
         private_email_lookups = $14, mobile_phone_ciphertext = $15, mobile_phone_lookup = $16, line_user_id_ciphertext = $17,
         updated_at = now()
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

  /** Ids of the employees with these numbers, locked until the transaction ends (an import applies on top of them). */
  async idsByNumber(employeeNumbers: readonly string[]): Promise<Map<string, string>> {
    const rows: { id: string; employee_number: string }[] = await this.manager.query(
      'SELECT id, employee_number FROM employees WHERE employee_number = ANY($1::text[]) FOR UPDATE',
      [employeeNumbers],
    );
    return new Map(rows.map((row) => [row.employee_number, row.id]));
  }

  /**
   * Inserts or updates many employees in one statement, keyed by employee number. Contacts
   * are sealed for a given id, so a row whose number now belongs to another id is not
   * touched; the caller compares the count and fails the whole batch.
   */
  async upsertMany(tenantId: string, employees: readonly { id: string; attributes: EmployeeAttributes; sealed: SealedContacts }[]): Promise<number> {
    if (employees.length === 0) return 0;
    const column = <T>(pick: (employee: (typeof employees)[number]) => T) => employees.map(pick);
    const rows: unknown[] = await this.manager.query(
      `INSERT INTO employees AS e (id, tenant_id, employee_number, name_kanji, name_kana, work_prefecture, home_prefecture, language, roles,
         status, disabled_at, data_key_id, company_email_ciphertext, company_email_lookup, private_emails_ciphertext,
         private_email_lookups, mobile_phone_ciphertext, mobile_phone_lookup, line_user_id_ciphertext)
       SELECT r.id, $1, r.employee_number, r.name_kanji, r.name_kana, r.work_prefecture, r.home_prefecture, r.language,
         ARRAY(SELECT jsonb_array_elements_text(r.roles)), CASE WHEN r.active THEN 'active' ELSE 'disabled' END,
         CASE WHEN r.active THEN NULL ELSE now() END, r.data_key_id, r.company_email_ciphertext, r.company_email_lookup,
         r.private_emails_ciphertext, ARRAY(SELECT jsonb_array_elements_text(r.private_email_lookups)), r.mobile_phone_ciphertext, r.mobile_phone_lookup,
         r.line_user_id_ciphertext
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::boolean[],
         $11::text[], $12::text[], $13::text[], $14::text[], $15::jsonb[], $16::text[], $17::text[], $18::text[])
         AS r(id, employee_number, name_kanji, name_kana, work_prefecture, home_prefecture, language, roles, active,
           data_key_id, company_email_ciphertext, company_email_lookup, private_emails_ciphertext, private_email_lookups,
           mobile_phone_ciphertext, mobile_phone_lookup, line_user_id_ciphertext)
       ON CONFLICT (tenant_id, employee_number) DO UPDATE SET
         name_kanji = EXCLUDED.name_kanji, name_kana = EXCLUDED.name_kana, work_prefecture = EXCLUDED.work_prefecture,
         home_prefecture = EXCLUDED.home_prefecture, language = EXCLUDED.language, roles = EXCLUDED.roles, status = EXCLUDED.status,
         disabled_at = CASE WHEN EXCLUDED.status = 'active' THEN NULL ELSE coalesce(e.disabled_at, now()) END,
         data_key_id = EXCLUDED.data_key_id, company_email_ciphertext = EXCLUDED.company_email_ciphertext,
         company_email_lookup = EXCLUDED.company_email_lookup, private_emails_ciphertext = EXCLUDED.private_emails_ciphertext,
         private_email_lookups = EXCLUDED.private_email_lookups, mobile_phone_ciphertext = EXCLUDED.mobile_phone_ciphertext,
         mobile_phone_lookup = EXCLUDED.mobile_phone_lookup, line_user_id_ciphertext = EXCLUDED.line_user_id_ciphertext, updated_at = now()
       WHERE e.id = EXCLUDED.id
       RETURNING e.id`,
      [
        tenantId,
        column((employee) => employee.id),
        column((employee) => employee.attributes.employeeNumber),
        column((employee) => employee.attributes.nameKanji),
        column((employee) => employee.attributes.nameKana),
        column((employee) => employee.attributes.workPrefecture),
        column((employee) => employee.attributes.homePrefecture),
        column((employee) => employee.attributes.language),
        column((employee) => JSON.stringify(employee.attributes.roles)),
        column((employee) => employee.attributes.active),
        column((employee) => employee.sealed.dataKeyId),
        column((employee) => employee.sealed.companyEmailCiphertext),
        column((employee) => employee.sealed.companyEmailLookup),
        column((employee) => employee.sealed.privateEmailsCiphertext),
        column((employee) => JSON.stringify(employee.sealed.privateEmailLookups)),
        column((employee) => employee.sealed.mobilePhoneCiphertext),
        column((employee) => employee.sealed.mobilePhoneLookup),
        column((employee) => employee.sealed.lineUserIdCiphertext),
      ],
    );
    return rows.length;
  }

  /** Sets the departments of many employees at once (an employee's old memberships go). */
  async replaceDepartmentsOfMany(tenantId: string, memberships: readonly { employeeId: string; departmentIds: readonly string[] }[]): Promise<void> {
    if (memberships.length === 0) return;
    await this.manager.query('DELETE FROM employee_departments WHERE employee_id = ANY($1::uuid[])', [memberships.map((membership) => membership.employeeId)]);
    const pairs = memberships.flatMap((membership) => membership.departmentIds.map((departmentId) => [membership.employeeId, departmentId] as const));
    await this.manager.query(
      `INSERT INTO employee_departments (tenant_id, employee_id, department_id) SELECT $1, * FROM unnest($2::uuid[], $3::uuid[]) ON CONFLICT DO NOTHING`,
      [tenantId, pairs.map(([employeeId]) => employeeId), pairs.map(([, departmentId]) => departmentId)],
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
      sealed.lineUserIdCiphertext,
    ];
  }
}
