import { useEffect, useRef, useState } from 'react';
import type { NonResponder, ResponsesApi } from '../api/responses-api';
import { useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { VirtualTable } from '../components/VirtualTable';
import { prefectureName } from '../i18n/prefectures';

/** How often the list is read again while answers keep arriving (it can hold 50,000 rows). */
const REFRESH_MS = 10_000;

/**
 * Who has not answered, virtualised. Read at once (the table fills page by page), then again
 * at most every REFRESH_MS when the answer count has changed: during a disaster answers never
 * stop arriving, so waiting for a quiet moment would never refresh it.
 */
export function NonRespondersTable({ responses, alertId, responded, departmentNames }: { responses: ResponsesApi; alertId: string; responded: number; departmentNames: Map<string, string> }) {
  const { t, language } = useTranslation();
  const [rows, setRows] = useState<NonResponder[]>([]);
  const [error, setError] = useState<unknown>();
  const latestResponded = useRef(responded);
  useEffect(() => {
    latestResponded.current = responded;
  }, [responded]);

  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      let readAt: number | undefined;
      while (!controller.signal.aborted) {
        if (latestResponded.current !== readAt) {
          const first = readAt === undefined;
          readAt = latestResponded.current;
          try {
            const all = await responses.allNonResponders(alertId, (soFar) => first && setRows([...soFar]), controller.signal);
            setRows(all);
            setError(undefined);
          } catch (caught) {
            if (controller.signal.aborted) return;
            setError(caught);
          }
        }
        await new Promise((resolve) => setTimeout(resolve, REFRESH_MS));
      }
    })();
    return () => controller.abort();
  }, [responses, alertId]);

  const columns = [
    { header: t('directory.number'), cell: (row: NonResponder) => row.employeeNumber ?? '—', width: '9rem' },
    { header: t('dashboard.department'), cell: (row: NonResponder) => row.departmentIds.map((id) => departmentNames.get(id) ?? '—').join('、') || '—' },
    { header: t('directory.prefecture'), cell: (row: NonResponder) => (row.workPrefecture ? prefectureName(row.workPrefecture, language) : '—'), width: '8rem' },
    // e.g. "メール → SMS（送信済み）": who was reached how, so the crisis team can phone the rest.
    {
      header: t('dashboard.channelsTried'),
      cell: (row: NonResponder) => {
        const channels = row.contactChannelsTried.map((channel) => t(`channel.${channel}`)).join(' → ') || '—';
        return row.lastDelivery ? t('dashboard.channelsWithResult', { channels, result: t(`dashboard.delivery.${row.lastDelivery.state}`) }) : channels;
      },
      width: '14rem',
    },
  ];
  return (
    <>
      <p role="status" data-testid="non-responder-count">
        {t('dashboard.nonRespondersLoaded', { count: rows.length.toLocaleString(language) })}
      </p>
      <ErrorNotice error={error} />
      <VirtualTable rows={rows} columns={columns} rowKey={(row) => row.recipientId} label={t('dashboard.notResponded')} height={360} />
    </>
  );
}
