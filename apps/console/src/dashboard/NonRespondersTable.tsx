import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Question } from '../api/dispatch-api';
import type { NonResponder, ResponsesApi } from '../api/responses-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { VirtualTable } from '../components/VirtualTable';
import { departmentFilterOptions, DepartmentPlace, FilterChoice, filterOf, noFilter, nonResponderLabel, resendFilterOf } from './non-responder-view';
import { ListCsvDownload } from './ListCsvDownload';
import { personColumns } from './person-columns';
import { PlaceFilterFields } from './PlaceFilterFields';
import { ProxyAnswerPanel } from './ProxyAnswerPanel';
import { useDirectoryContacts } from './use-directory-contacts';
import { useListReadAsAnswersArrive } from './use-list-read-as-answers-arrive';

/**
 * Who has not answered, virtualised, read again as answers arrive (useListReadAsAnswersArrive).
 *
 * With `canRecord` (the alert is open, the user's role allows it), each row has a button to
 * record that person's answer on their behalf; a panel already open stays open when the alert
 * closes (its save then says so).
 *
 * Names and mobile phones come from the directory by id (response collection keeps no personal
 * data), each person once however often the list is read again; the phone only where the
 * caller's view of that person includes it. Filtered by department (with its sub-departments)
 * and work prefecture on the server; the CSV download takes the same filter.
 */
export function NonRespondersTable({
  responses,
  alertId,
  responded,
  departments,
  questions,
  canRecord,
  canSendAgain,
}: {
  responses: ResponsesApi;
  alertId: string;
  responded: number;
  departments: DepartmentPlace[];
  questions?: Question[];
  canRecord: boolean;
  /** The alert is open: its non-responders may be asked again. */
  canSendAgain: boolean;
}) {
  const { api } = useConsole();
  const { t, language } = useTranslation();
  const [choice, setChoice] = useState<FilterChoice>(noFilter);
  const filter = useMemo(() => filterOf(choice), [choice]);
  const filtered = Object.keys(filter).length > 0;
  const read = useCallback((onPage: (soFar: NonResponder[]) => void, signal: AbortSignal) => responses.allNonResponders(alertId, onPage, signal, filter), [responses, alertId, filter]);
  const { rows, error } = useListReadAsAnswersArrive(read, responded);
  const [recording, setRecording] = useState<NonResponder>();
  // Left out at once, and kept out: a read already under way when the answer was recorded may still list them.
  const [recordedHere, setRecordedHere] = useState<ReadonlySet<string>>(new Set());
  const { contacts, lookupError } = useDirectoryContacts(useMemo(() => rows.map((row) => row.recipientId), [rows]));
  const shownRows = useMemo(() => (recordedHere.size === 0 ? rows : rows.filter((row) => !recordedHere.has(row.recipientId))), [rows, recordedHere]);
  const resendFilter = useMemo(() => resendFilterOf(choice, shownRows), [choice, shownRows]);
  const [resending, setResending] = useState(false);
  const [resent, setResent] = useState<string>();
  const [resendError, setResendError] = useState<unknown>();
  const countLine = useRef<HTMLParagraphElement>(null);
  const focusCountLineOnClose = useRef(false);

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

  // Only the list on screen, after a filter: the whole company is the dashboard's own "send again".
  async function sendAgainToShown() {
    if (!resendFilter) return;
    setResending(true);
    setResent(undefined);
    setResendError(undefined);
    try {
      const { round } = await api.dispatch.sendAgain(alertId, resendFilter, crypto.randomUUID());
      setResent(t('nonResponders.sentAgain', { count: shownRows.length.toLocaleString(language), round }));
    } catch (caught) {
      setResendError(caught);
    } finally {
      setResending(false);
    }
  }

  const namesLoading = lookupError === undefined && shownRows.some((row) => !contacts.has(row.recipientId));
  const departmentNames = useMemo(() => new Map(departments.map((department) => [department.id, department.name])), [departments]);
  const departmentChoices = useMemo(() => departmentFilterOptions(departments), [departments]);
  const personLabel = (row: NonResponder) => nonResponderLabel(row, contacts.get(row.recipientId), t);
  const columns = [
    ...personColumns<NonResponder>({ contacts, departmentNames, t, language }, { number: '9rem', name: '10rem', prefecture: '8rem' }),
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
      <fieldset>
        <legend>{t('nonResponders.filter')}</legend>
        <div className="row">
          <PlaceFilterFields choice={choice} onChange={setChoice} departments={departmentChoices} />
        </div>
      </fieldset>
      <ListCsvDownload
        name="non-responders-csv-encoding"
        encodingLegend={t('nonResponders.csvEncoding')}
        buttonLabel={t('nonResponders.download')}
        fallbackFileName={`non-responders-${alertId}.csv`}
        testId="non-responders-download-status"
        fetchFile={(encoding) => responses.nonRespondersCsv(alertId, { encoding, lang: language, filter })}
      />
      {canSendAgain && filtered && (
        <>
          <button type="button" onClick={() => void sendAgainToShown()} disabled={!resendFilter || resending} aria-busy={resending}>
            {t('nonResponders.sendAgain', { count: shownRows.length.toLocaleString(language) })}
          </button>
          {!resendFilter && shownRows.length > 0 && <p className="hint">{t('nonResponders.tooManyToSendAgain')}</p>}
          <p role="status" className={resent ? 'notice notice-ok' : undefined} data-testid="non-responders-resend-status">
            {resent ?? ''}
          </p>
          <ErrorNotice error={resendError} />
        </>
      )}
      <p role="status" data-testid="non-responder-count" ref={countLine} tabIndex={-1}>
        {t('dashboard.nonRespondersLoaded', { count: shownRows.length.toLocaleString(language) })}
      </p>
      <p role="status" className="hint">
        {namesLoading ? t('nonResponders.namesLoading') : ''}
      </p>
      <ErrorNotice error={error ?? lookupError} />
      <VirtualTable rows={shownRows} columns={columns} rowKey={(row) => row.recipientId} label={t('dashboard.notResponded')} height={360} />
      {recording && questions && (
        <ProxyAnswerPanel alertId={alertId} person={recording} personLabel={personLabel(recording)} questions={questions} onRecorded={recorded} onClose={() => setRecording(undefined)} />
      )}
    </>
  );
}
