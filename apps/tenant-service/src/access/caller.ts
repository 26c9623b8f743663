import type { Principal } from '@anpi/auth-guard';

/** Who acts, as the verified token says, and from where (for the audit log). */
export interface Caller {
  principal: Principal;
  ip: string | null;
}

export const directoryRoles = {
  readers: ['owner', 'admin', 'department_admin', 'member'],
  editors: ['owner', 'admin', 'department_admin'],
  administrators: ['owner', 'admin'],
} as const;
