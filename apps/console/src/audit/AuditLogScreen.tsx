import { useEffect, useState } from 'react';
import type { AuditEntry } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { ScrollingTable } from '../components/ScrollingTable';
import { auditActionLabel, auditTargetLabel, isNamedAuditAction } from './audit-labels';
import { AuditSourceId, auditSources } from './audit-sources';

/** What has been read of one source so far; `cursor` undefined: nothing asked yet, null: the end reached. */
interface SourceLog {
  entries: AuditEntry[];
  cursor?: string | null;
  loading: boolean;
  error?: unknown;
}

const unread: SourceLog = { entries: [], loading: false };

/**
 * The company's audit logs of the three services that keep one: the directory and company
 * (tenant), accounts (auth), safety checks and delivery settings (dispatch). One source at a
 * time, chosen with radio buttons (arrow keys move between them); each source keeps its own
 * pages, so switching back shows what was read without asking again.
 */
export function AuditLogScreen() {
  const { api, language } = useConsole();
  const { t } = useTranslation();
  const [sourceId, setSourceId] = useState<AuditSourceId>('tenant');
  const [logs, setLogs] = useState<Partial<Record<AuditSourceId, SourceLog>>>({});
  const log = logs[sourceId] ?? unread;

  const update = (id: AuditSourceId, change: (current: SourceLog) => SourceLog) => setLogs((current) => ({ ...current, [id]: change(current[id] ?? unread) }));

  const load = (id: AuditSourceId, from?: string) => {
    const source = auditSources.find((candidate) => candidate.id === id)!;
    update(id, (current) => ({ ...current, loading: true, error: undefined }));
    source.page(api, from).then(
      (page) => update(id, (current) => ({ entries: from ? [...current.entries, ...page.items] : page.items, cursor: page.nextCursor ?? null, loading: false })),
      (error: unknown) => update(id, (current) => ({ ...current, loading: false, error })),
    );
  };

  const choose = (id: AuditSourceId) => {
    // A source whose first page failed is asked again when chosen again.
    if (logs[id]?.error !== undefined && logs[id]?.cursor === undefined) update(id, () => unread);
    setSourceId(id);
  };

  // A new session (api) starts every source afresh; a source is read the first time it is chosen.
  useEffect(() => setLogs({}), [api]);
  useEffect(() => {
    if (log.cursor === undefined && !log.loading && log.error === undefined) load(sourceId);
  }, [api, sourceId, log]);

  const tableLabel = `audit-heading audit-source-${sourceId}`;
  return (
    <section className="card" aria-labelledby="audit-heading">
      <h1 id="audit-heading">{t('audit.heading')}</h1>
      <fieldset className="plain">
        <legend className="hint">{t('audit.sources')}</legend>
        {auditSources.map((source) => (
          <label key={source.id} className="radio">
            <input type="radio" name="audit-source" value={source.id} checked={sourceId === source.id} onChange={() => choose(source.id)} />
            <span id={`audit-source-${source.id}`}>{t(source.label)}</span>
          </label>
        ))}
      </fieldset>
      <ErrorNotice error={log.error} />
      <ScrollingTable labelledBy={tableLabel}>
        <table aria-busy={log.loading} data-testid="audit-entries">
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.target')}</th>
            </tr>
          </thead>
          <tbody>
            {log.entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <time dateTime={entry.occurredAt}>{new Date(entry.occurredAt).toLocaleString(language)}</time>
                </td>
                <td>
                  {entry.actor.role ?? entry.actor.kind} {entry.actor.ip ? `(${entry.actor.ip})` : ''}
                </td>
                <td>{isNamedAuditAction(entry.action) ? auditActionLabel(entry.action, t) : <code>{entry.action}</code>}</td>
                <td>{auditTargetLabel(entry.target.type, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollingTable>
      {log.loading && <p className="hint">{t('audit.loading')}</p>}
      {log.cursor === null && log.entries.length === 0 && <p className="hint">{t('audit.empty')}</p>}
      {log.cursor && !log.loading && (
        <button type="button" onClick={() => load(sourceId, log.cursor!)}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
