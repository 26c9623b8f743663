import { Account } from './account.entity';

/** One account as `GET /v1/accounts/{id}` shows it, and the answer of the actions that change it. */
export interface AccountView {
  id: string;
  role: Account['role'];
  status: Account['status'];
  departmentIds: string[];
  /** The directory person the account is linked to, or null. */
  employeeId: string | null;
  createdAt: Date;
}

export function accountViewOf({ id, role, status, departmentIds, employeeId, createdAt }: Account): AccountView {
  return { id, role, status, departmentIds, employeeId, createdAt };
}
