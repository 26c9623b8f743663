import { SealedContacts } from '../contact-encryption/contact-vault';

/** An employee as stored: contact data only as ciphertext and lookups. */
export interface EmployeeRecord {
  id: string;
  employeeNumber: string;
  nameKanji: string;
  nameKana: string;
  workPrefecture: string;
  homePrefecture: string | null;
  language: 'ja' | 'en';
  roles: string[];
  status: 'active' | 'disabled';
  disabledAt: Date | null;
  purgedAt: Date | null;
  departmentIds: string[];
  groupIds: string[];
  sealed: SealedContacts;
  createdAt: Date;
  updatedAt: Date;
}

export interface EmployeeRow {
  id: string;
  employee_number: string;
  name_kanji: string;
  name_kana: string;
  work_prefecture: string;
  home_prefecture: string | null;
  language: 'ja' | 'en';
  roles: string[];
  status: 'active' | 'disabled';
  disabled_at: Date | null;
  purged_at: Date | null;
  department_ids: string[];
  group_ids: string[];
  data_key_id: string;
  company_email_ciphertext: string | null;
  company_email_lookup: string | null;
  private_emails_ciphertext: string | null;
  private_email_lookups: string[];
  mobile_phone_ciphertext: string | null;
  mobile_phone_lookup: string | null;
  line_user_id_ciphertext: string | null;
  created_at: Date;
  updated_at: Date;
}

export const employeeSelectList = `
  e.id, e.employee_number, e.name_kanji, e.name_kana, e.work_prefecture, e.home_prefecture, e.language, e.roles,
  e.status, e.disabled_at, e.purged_at, e.data_key_id, e.company_email_ciphertext, e.company_email_lookup,
  e.private_emails_ciphertext, e.private_email_lookups, e.mobile_phone_ciphertext, e.mobile_phone_lookup,
  e.line_user_id_ciphertext, e.created_at, e.updated_at,
  ARRAY(SELECT ed.department_id FROM employee_departments ed WHERE ed.employee_id = e.id ORDER BY ed.department_id) AS department_ids,
  ARRAY(SELECT gm.group_id FROM group_members gm WHERE gm.employee_id = e.id ORDER BY gm.group_id) AS group_ids`;

export function toEmployeeRecord(row: EmployeeRow): EmployeeRecord {
  return {
    id: row.id,
    employeeNumber: row.employee_number,
    nameKanji: row.name_kanji,
    nameKana: row.name_kana,
    workPrefecture: row.work_prefecture,
    homePrefecture: row.home_prefecture,
    language: row.language,
    roles: row.roles,
    status: row.status,
    disabledAt: row.disabled_at,
    purgedAt: row.purged_at,
    departmentIds: row.department_ids,
    groupIds: row.group_ids,
    sealed: {
      dataKeyId: row.data_key_id,
      companyEmailCiphertext: row.company_email_ciphertext,
      companyEmailLookup: row.company_email_lookup,
      privateEmailsCiphertext: row.private_emails_ciphertext,
      privateEmailLookups: row.private_email_lookups,
      mobilePhoneCiphertext: row.mobile_phone_ciphertext,
      mobilePhoneLookup: row.mobile_phone_lookup,
      lineUserIdCiphertext: row.line_user_id_ciphertext,
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
