import { useEffect, useMemo, useRef, useState } from 'react';
import type { Question } from '../api/dispatch-api';
import type { NonResponder, ResponsesApi } from '../api/responses-api';
import { useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { VirtualTable } from '../components/VirtualTable';
import { prefectureName } from '../i18n/prefectures';
import { ProxyAnswerPanel } from './ProxyAnswerPanel';

/** How often the list is read again while answers keep arriving (it can hold 50,000 rows). */
const REFRESH_MS = 10_000;

/**
 * Who has not answered, virtualised. Read at once (the table fills page by page), then again
 * at most every REFRESH_MS when the answer count has changed: during a disaster answers never
 * stop arriving, so waiting for a quiet moment would never refresh it.
 *
 * With `canRecord` (the alert is open, the user's role allows it), each row has a button to
 * record that person's answer on their behalf; a panel already open stays open when the alert
 * closes (its save then says so).
 */
export function NonRespondersTable({
  responses,
  alertId,
  responded,
  departmentNames,
  questions,
  canRecord,
}: {
  responses: ResponsesApi;
  alertId: string;
  responded: number;
  departmentNames: Map<string, string>;
  questions?: Question[];
  canRecord: boolean;
}) {
  const { t, language } = useTranslation();
  const [rows, setRows] = useState<NonResponder[]>([]);
  const [error, setError] = useState<unknown>();
  const [recording, setRecording] = useState<NonResponder>();
  // Left out at once, and kept out: a read already under way when the answer was recorded may still list them.
  const [recordedHere, setRecordedHere] = useState<ReadonlySet<string>>(new Set());
  const shownRows = useMemo(() => (recordedHere.size === 0 ? rows : rows.filter((row) => !recordedHere.has(row.recipientId))), [rows, recordedHere]);
  const countLine = useRef<HTMLParagraphElement>(null);
  const focusCountLineOnClose = useRef(false);
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

  // The button that opened the panel left with its row: the keyboard comes back to the list instead.
  useEffect(() => {
    if (recording || !focusCountLineOnClose.current) return;
    focusCountLineOnClose.current = false;
    countLine.current?.focus();
  }, [recording]);

  function recorded(recipientId: string) {
    setRecordedHere((before) => new Set(before).add(recipientId));
    focusCountLineOnClose.current = true;
  }

  const personLabel = (row: NonResponder) => (row.employeeNumber ? t('proxyAnswer.person', { number: row.employeeNumber }) : t('proxyAnswer.personUnnumbered'));
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
    ...(canRecord && questions
      ? [
          {
            header: t('proxyAnswer.column'),
            cell: (row: NonResponder) => (
              <button type="button" className="link" aria-haspopup="dialog" aria-label={t('proxyAnswer.openFor', { person: personLabel(row) })} onClick={() => setRecording(row)}>
                {t('proxyAnswer.open')}
              </button>
            ),
            width: '9rem',
          },
        ]
      : []),
  ];
  return (
    <>
      <p role="status" data-testid="non-responder-count" ref={countLine} tabIndex={-1}>
        {t('dashboard.nonRespondersLoaded', { count: shownRows.length.toLocaleString(language) })}
      </p>
      <ErrorNotice error={error} />
      <VirtualTable rows={shownRows} columns={columns} rowKey={(row) => row.recipientId} label={t('dashboard.notResponded')} height={360} />
      {recording && questions && (
        <ProxyAnswerPanel alertId={alertId} person={recording} personLabel={personLabel(recording)} questions={questions} onRecorded={recorded} onClose={() => setRecording(undefined)} />
      )}
    </>
  );
}
