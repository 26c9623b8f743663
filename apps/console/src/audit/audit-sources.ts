import type { ConsoleApi } from '../api/console-api';
import type { AuditEntry } from '../api/tenant-api';
import type { MessageKey } from '../i18n/messages';

export interface AuditPage {
  items: AuditEntry[];
  nextCursor?: string | null;
}

/** One service's audit log as the screen offers it: each answers `GET /v1/audit-log` alike, paged by cursor. */
export interface AuditSource {
  id: 'tenant' | 'auth' | 'dispatch';
  label: MessageKey;
  page: (api: ConsoleApi, cursor?: string) => Promise<AuditPage>;
}

export type AuditSourceId = AuditSource['id'];

/** In the order offered: today's directory log first, so the screen opens as it always did. */
export const auditSources: readonly AuditSource[] = [
  { id: 'tenant', label: 'audit.source.tenant', page: (api, cursor) => api.tenant.auditLog(cursor) },
  { id: 'auth', label: 'audit.source.auth', page: (api, cursor) => api.auth.auditLog(cursor) },
  { id: 'dispatch', label: 'audit.source.dispatch', page: (api, cursor) => api.dispatch.auditLog(cursor) },
];
