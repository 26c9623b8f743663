import { useEffect, useState } from 'react';
import type { AuditEntry } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { ScrollingTable } from '../components/ScrollingTable';

export function AuditLogScreen() {
  const { api, language } = useConsole();
  const { t } = useTranslation();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>();
  const [error, setError] = useState<unknown>();

  const load = (from?: string) =>
    api.tenant.auditLog(from).then((page) => {
      setEntries((current) => (from ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor ?? null);
    }, setError);

  useEffect(() => {
    void load();
  }, [api]);

  return (
    <section className="card" aria-labelledby="audit-heading">
      <h1 id="audit-heading">{t('audit.heading')}</h1>
      <ErrorNotice error={error} />
      <ScrollingTable labelledBy="audit-heading">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.target')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <time dateTime={entry.occurredAt}>{new Date(entry.occurredAt).toLocaleString(language)}</time>
                </td>
                <td>
                  {entry.actor.role ?? entry.actor.kind} {entry.actor.ip ? `(${entry.actor.ip})` : ''}
                </td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>{entry.target.type}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollingTable>
      {cursor && (
        <button type="button" onClick={() => void load(cursor)}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
