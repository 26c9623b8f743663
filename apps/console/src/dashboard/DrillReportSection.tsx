import { useState } from 'react';
import type { DrillReport } from '../api/responses-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { ScrollingTable } from '../components/ScrollingTable';
import { Counter } from './Counter';
import { departmentsByName, formatDuration, formatRate } from './drill-report-format';

/**
 * The drill report (owners, admins): response rate and median time to answer, for the company
 * and per department. Read only when asked: the service computes it from every answer, which
 * the live dashboard must not repeat every few seconds.
 */
export function DrillReportSection({ alertId }: { alertId: string }) {
  const { api } = useConsole();
  const { t, language } = useTranslation();
  const [report, setReport] = useState<DrillReport>();
  const [readAt, setReadAt] = useState<Date>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function load() {
    setBusy(true);
    setError(undefined);
    try {
      setReport(await api.responses.drillReport(alertId));
      setReadAt(new Date());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="report-heading">
      <h2 id="report-heading">{t('report.heading')}</h2>
      <p className="hint">{t('report.explanation')}</p>
      {/* The same button before and after: the keyboard focus stays where it was. */}
      <button type="button" onClick={() => void load()} disabled={busy} aria-busy={busy}>
        {report ? t('report.reload') : t('report.load')}
      </button>
      <p role="status" data-testid="report-status">
        {busy ? t('report.loading') : readAt ? t('report.loaded', { time: readAt.toLocaleTimeString(language) }) : ''}
      </p>
      <ErrorNotice error={error} />
      {report && <ReportFigures report={report} />}
    </section>
  );
}

function ReportFigures({ report }: { report: DrillReport }) {
  const { t, language } = useTranslation();
  const count = (value: number) => value.toLocaleString(language);
  return (
    <>
      <dl className="counters small">
        <Counter label={t('dashboard.recipients')} value={count(report.recipients)} testId="report-recipients" />
        <Counter label={t('dashboard.responded')} value={count(report.responded)} testId="report-responded" />
        <Counter label={t('dashboard.rate')} value={formatRate(report.responseRate, language)} testId="report-rate" />
        <Counter label={t('report.median')} value={formatDuration(report.medianSecondsToAnswer, language)} testId="report-median" />
        <Counter label={t('report.openedAt')} value={report.openedAt ? new Date(report.openedAt).toLocaleString(language) : t('report.notOpened')} testId="report-opened-at" />
      </dl>
      <h3 id="report-departments">{t('report.byDepartment')}</h3>
      {report.departments.length === 0 ? (
        <p>{t('report.noDepartments')}</p>
      ) : (
        <ScrollingTable labelledBy="report-departments">
          <table aria-labelledby="report-departments" data-testid="report-departments">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.department')}</th>
                <th scope="col" className="number">
                  {t('dashboard.recipients')}
                </th>
                <th scope="col" className="number">
                  {t('dashboard.responded')}
                </th>
                <th scope="col" className="number">
                  {t('dashboard.rate')}
                </th>
                <th scope="col" className="number">
                  {t('report.median')}
                </th>
              </tr>
            </thead>
            <tbody>
              {departmentsByName(report.departments, language).map((row) => (
                <tr key={row.departmentId}>
                  <th scope="row">{row.name ?? t('report.unnamedDepartment')}</th>
                  <td className="number">{count(row.recipients)}</td>
                  <td className="number">{count(row.responded)}</td>
                  <td className="number">{formatRate(row.responseRate, language)}</td>
                  <td className="number">{formatDuration(row.medianSecondsToAnswer, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollingTable>
      )}
    </>
  );
}
