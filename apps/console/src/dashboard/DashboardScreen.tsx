import { FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import type { AlertBreakdown, AlertSummary } from '../api/responses-api';
import type { AlertDetails, AlertListItem } from '../api/dispatch-api';
import { useConsole, useTranslation } from '../app/console-context';
import { AlertSchedule } from '../compose/AlertSchedule';
import { ErrorNotice } from '../components/ErrorNotice';
import type { MessageKey } from '../i18n/messages';
import { Field } from '../components/Field';
import { AnswerRateChart } from './AnswerRateChart';
import { AlertDownloads } from './AlertDownloads';
import { AnswerBreakdown } from './AnswerBreakdown';
import { BreakdownTables } from './BreakdownTables';
import { Counter } from './Counter';
import { canDownloadAnswers, canListAnswers, canModerateBoard, canReadReport } from './dashboard-roles';
import { AnswersTable } from './AnswersTable';
import { DrillReportSection } from './DrillReportSection';
import { formatDuration } from './drill-report-format';
import { MessageBoard } from './MessageBoard';
import { departmentPlacesOf } from './non-responder-view';
import { NonRespondersTable } from './NonRespondersTable';
import { canRecordAnswers } from './proxy-answer';
import { useLiveStream } from './use-live-stream';

const deliveryStates = new Set(['queued', 'sending', 'sent', 'failed', 'bounced', 'cancelled']);

/** How often the delivery progress (dispatch) is re-read; answers come live over SSE. */
const DELIVERY_REFRESH_MS = 5_000;

export function DashboardScreen({ alertId }: { alertId?: string }) {
  if (!alertId) return <AlertPicker />;
  return <AlertDashboard key={alertId} alertId={alertId} />;
}

function AlertPicker() {
  const { api, navigate } = useConsole();
  const { t } = useTranslation();
  const [id, setId] = useState('');
  const [alerts, setAlerts] = useState<AlertListItem[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const load = (cursor?: string) =>
    api.dispatch.alerts(cursor).then(
      (page) => (setAlerts((shown) => (cursor ? [...shown, ...page.alerts] : page.alerts)), setNextCursor(page.nextCursor), setError(undefined)),
      setError,
    );
  // The first page when the screen opens (and again if the API client changes after a log-in).
  useEffect(() => void load(), [api]);
  const open = (event: FormEvent) => (event.preventDefault(), navigate(`/alerts/${id.trim()}`));
  return (
    <section className="card" aria-labelledby="picker-heading">
      <h1 id="picker-heading">{t('dashboard.heading')}</h1>
      <h2>{t('dashboard.recent')}</h2>
      <ErrorNotice error={error} />
      {alerts.length === 0 ? (
        <p>{t('dashboard.none')}</p>
      ) : (
        <ul className="link-list">
          {alerts.map((alert) => (
            <li key={alert.id}>
              <a href={`/alerts/${alert.id}`} onClick={(event) => (event.preventDefault(), navigate(`/alerts/${alert.id}`))}>
                {alert.title}
              </a>{' '}
              {alert.drill ? `[${t('dashboard.drill')}] ` : ''}
              <time dateTime={alert.createdAt}>{new Date(alert.createdAt).toLocaleString()}</time>
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? (
        <button type="button" onClick={() => void load(nextCursor)}>
          {t('dashboard.more')}
        </button>
      ) : null}
      <form onSubmit={open} className="row">
        <Field label={t('dashboard.alertId')}>{(inputId) => <input id={inputId} required pattern="[0-9a-fA-F\-]{36}" value={id} onChange={(event) => setId(event.target.value)} />}</Field>
        <button type="submit">{t('dashboard.open')}</button>
      </form>
    </section>
  );
}

function AlertDashboard({ alertId }: { alertId: string }) {
  const { api, language, principal } = useConsole();
  const { t } = useTranslation();
  const { data: summary, connected, error: liveError } = useLiveStream<AlertSummary>((onData, signal) => api.responses.liveSummary(alertId, onData, signal), alertId);
  const { data: breakdown } = useLiveStream<AlertBreakdown>((onData, signal) => api.responses.liveBreakdown(alertId, onData, signal), alertId);
  const departments = useMemo(() => departmentPlacesOf(breakdown?.departments ?? []), [breakdown]);
  const [alert, setAlert] = useState<AlertDetails>();
  const [error, setError] = useState<unknown>();
  const [resendNotice, setResendNotice] = useState<string>();
  const [resending, setResending] = useState(false);
  const [closing, setClosing] = useState<'idle' | 'confirming' | 'busy'>('idle');

  const readAlert = useCallback(() => api.dispatch.alert(alertId), [api, alertId]);

  useEffect(() => {
    let stopped = false;
    const read = () =>
      readAlert().then(
        (details) => !stopped && (setAlert(details), setError(undefined)),
        (caught) => !stopped && setError(caught),
      );
    void read();
    const timer = setInterval(read, DELIVERY_REFRESH_MS);
    return () => ((stopped = true), clearInterval(timer));
  }, [readAlert]);

  async function sendAgain() {
    setResending(true);
    setResendNotice(undefined);
    try {
      const { round } = await api.dispatch.sendAgain(alertId);
      setResendNotice(t('dashboard.sentAgain', { round }));
    } catch (caught) {
      setError(caught);
    } finally {
      setResending(false);
    }
  }

  async function closeAlert() {
    setClosing('busy');
    try {
      await api.dispatch.closeAlert(alertId);
      setAlert(await readAlert());
    } catch (caught) {
      setError(caught);
    } finally {
      setClosing('idle');
    }
  }

  const closed = alert?.state === 'closed';
  const recipients = summary?.recipients ?? 0;
  const responded = summary?.responded ?? 0;
  const format = (value: number) => value.toLocaleString(language);
  return (
    <section aria-labelledby="dashboard-heading">
      <div className="card">
        <h1 id="dashboard-heading">
          {alert?.title ?? t('dashboard.heading')} {alert?.drill && <span className="badge">{t('dashboard.drill')}</span>}{' '}
          {closed && <span className="badge">{t('dashboard.closed')}</span>}
        </h1>
        {alert && <p className="message">{alert.message}</p>}
        {alert && <AlertSchedule alert={alert} />}
        <p className={connected ? 'live live-on' : 'live'} role="status">
          {connected ? t('dashboard.live') : t('dashboard.reconnecting')}
        </p>
        <ErrorNotice error={error ?? liveError} />
        <dl className="counters">
          <Counter label={t('dashboard.recipients')} value={format(recipients)} testId="recipients" />
          <Counter label={t('dashboard.responded')} value={format(responded)} testId="responded" />
          <Counter label={t('dashboard.notResponded')} value={format(Math.max(0, recipients - responded))} testId="not-responded" />
          <Counter label={t('dashboard.rate')} value={`${((summary?.responseRate ?? 0) * 100).toFixed(1)}%`} testId="rate" />
          {summary?.medianSecondsToAnswer != null && <Counter label={t('dashboard.median')} value={formatDuration(summary.medianSecondsToAnswer, language)} testId="median" />}
        </dl>
      </div>
      <div className="grid-2">
        <div className="card">
          <AnswerRateChart timeline={summary?.timeline ?? []} recipients={recipients} />
        </div>
        <div className="card">
          <h2>{t('dashboard.answers')}</h2>
          {alert && summary && <AnswerBreakdown questions={alert.questions} answers={summary.answers} responded={responded} />}
        </div>
      </div>
      {breakdown && <BreakdownTables breakdown={breakdown} />}
      {alert && canListAnswers(principal?.role) && (
        <section className="card" aria-labelledby="answer-list-heading">
          <h2 id="answer-list-heading">{t('answerList.heading')}</h2>
          <p className="hint">{t('answerList.intro')}</p>
          <AnswersTable responses={api.responses} alertId={alertId} responded={responded} questions={alert.questions} departments={departments} />
        </section>
      )}
      <div className="card">
        <h2>{t('dashboard.delivery')}</h2>
        {alert && (
          <dl className="counters small">
            {Object.entries(alert.progress).map(([state, count]) => (
              <Counter key={state} label={deliveryStates.has(state) ? t(`delivery.${state}` as MessageKey) : state} value={format(count)} testId={`delivery-${state}`} />
            ))}
            <Counter label={t('dashboard.rounds')} value={format(alert.rounds)} testId="rounds" />
          </dl>
        )}
        <div className="row">
          <button type="button" onClick={sendAgain} disabled={resending || closed}>
            {t('dashboard.sendAgain')}
          </button>
          {closing === 'idle' && (
            <button type="button" onClick={() => setClosing('confirming')} disabled={!alert || closed}>
              {t('dashboard.close')}
            </button>
          )}
        </div>
        {closing !== 'idle' && (
          <div className="notice" role="alert">
            <p>{t('dashboard.closeConfirm')}</p>
            <div className="row">
              <button type="button" className="primary danger" onClick={closeAlert} disabled={closing === 'busy'} aria-busy={closing === 'busy'}>
                {t('dashboard.closeConfirmed')}
              </button>
              <button type="button" onClick={() => setClosing('idle')} disabled={closing === 'busy'}>
                {t('dashboard.closeCancel')}
              </button>
            </div>
          </div>
        )}
        {resendNotice && (
          <p className="notice notice-ok" role="status">
            {resendNotice}
          </p>
        )}
        <h2>{t('dashboard.notResponded')}</h2>
        <NonRespondersTable
          responses={api.responses}
          alertId={alertId}
          responded={responded}
          departments={departments}
          questions={alert?.questions}
          canRecord={!closed && canRecordAnswers(principal?.role)}
          canSendAgain={!closed}
        />
      </div>
      {/* Read on demand: downloads and the report are computed from every answer, unlike the live counters. */}
      <div className="grid-2">
        {canReadReport(principal?.role) && <DrillReportSection alertId={alertId} />}
        {canDownloadAnswers(principal?.role) && <AlertDownloads alertId={alertId} withReport={canReadReport(principal?.role)} />}
      </div>
      <MessageBoard responses={api.responses} alertId={alertId} canModerate={canModerateBoard(principal?.role)} />
    </section>
  );
}
