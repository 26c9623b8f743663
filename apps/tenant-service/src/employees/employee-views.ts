import { ContactPoints } from '../contact-encryption/contact-vault';
import { EmployeeRecord } from './employee-record';

/** The company-directory view everyone in the tenant may see. */
export interface EmployeeDirectoryView {
  id: string;
  employeeNumber: string;
  nameKanji: string;
  nameKana: string;
  companyEmail: string | null;
  workPrefecture: string;
  language: 'ja' | 'en';
  roles: string[];
  departmentIds: string[];
  groupIds: string[];
  active: boolean;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Adds what only those responsible for the person may see. */
export interface EmployeeFullView extends EmployeeDirectoryView {
  privateEmails: string[];
  mobilePhone: string | null;
  lineUserId: string | null;
  homePrefecture: string | null;
}

export function toDirectoryView(employee: EmployeeRecord, contacts: Pick<ContactPoints, 'companyEmail'>): EmployeeDirectoryView {
  return {
    id: employee.id,
    employeeNumber: employee.employeeNumber,
    nameKanji: employee.nameKanji,
    nameKana: employee.nameKana,
    companyEmail: contacts.companyEmail,
    workPrefecture: employee.workPrefecture,
    language: employee.language,
    roles: employee.roles,
    departmentIds: employee.departmentIds,
    groupIds: employee.groupIds,
    active: employee.status === 'active',
    disabledAt: employee.disabledAt?.toISOString() ?? null,
    createdAt: employee.createdAt.toISOString(),
    updatedAt: employee.updatedAt.toISOString(),
  };
}

export function toFullView(employee: EmployeeRecord, contacts: ContactPoints): EmployeeFullView {
  return {
    ...toDirectoryView(employee, contacts),
    privateEmails: contacts.privateEmails,
    mobilePhone: contacts.mobilePhone,
    lineUserId: contacts.lineUserId,
    homePrefecture: employee.homePrefecture,
  };
}
