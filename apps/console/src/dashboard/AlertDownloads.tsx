import { useState } from 'react';
import type { CsvEncoding } from '../api/responses-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { CsvEncodingChoice } from './CsvEncodingChoice';
import { saveDownload } from './download-file';


/**
 * The alert's CSV files: every answer (department admins: their subtrees) and, for owners and
 * admins, the drill report. Headings and choices come in the console's language; Shift_JIS is
 * there because Excel in Japan opens CSV files as Shift_JIS.
 */
export function AlertDownloads({ alertId, withReport }: { alertId: string; withReport: boolean }) {
  const { api, language } = useConsole();
  const { t } = useTranslation();
  const [encoding, setEncoding] = useState<CsvEncoding>('utf-8');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string>();
  const [error, setError] = useState<unknown>();

  async function download(fetchFile: () => Promise<Response>, fallbackName: string) {
    setBusy(true);
    setSaved(undefined);
    setError(undefined);
    try {
      setSaved(await saveDownload(await fetchFile(), fallbackName));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="downloads-heading">
      <h2 id="downloads-heading">{t('downloads.heading')}</h2>
      <CsvEncodingChoice legend={t('downloads.encoding')} name="csv-encoding" value={encoding} onChange={setEncoding} />
      <p className="hint">{t('downloads.languageHint')}</p>
      <div className="row">
        <button type="button" disabled={busy} aria-busy={busy} onClick={() => void download(() => api.responses.answersCsv(alertId, encoding, language), `answers-${alertId}.csv`)}>
          {t('downloads.answers')}
        </button>
        {withReport && (
          <button type="button" disabled={busy} aria-busy={busy} onClick={() => void download(() => api.responses.drillReportCsv(alertId, encoding, language), `report-${alertId}.csv`)}>
            {t('downloads.report')}
          </button>
        )}
      </div>
      {/* Always in the page, so screen readers announce what is put into it. */}
      <p role="status" className={saved ? 'notice notice-ok' : undefined} data-testid="download-status">
        {busy ? t('downloads.busy') : saved ? t('downloads.done', { file: saved }) : ''}
      </p>
      <ErrorNotice error={error} />
    </section>
  );
}
