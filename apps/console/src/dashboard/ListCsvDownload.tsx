import { useState } from 'react';
import type { CsvEncoding } from '../api/responses-api';
import { useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { CsvEncodingChoice } from './CsvEncodingChoice';
import { saveDownload } from './download-file';

/**
 * A dashboard list as a CSV file (UTF-8, or Shift_JIS for Excel), with the list's own filter:
 * fetched through the API client — the download needs the access token, which never goes in
 * a URL — and saved under the server's file name, said in a status line screen readers announce.
 */
export function ListCsvDownload({
  name,
  encodingLegend,
  buttonLabel,
  fallbackFileName,
  testId,
  fetchFile,
}: {
  /** The radio group's name, unique on the page. */
  name: string;
  encodingLegend: string;
  buttonLabel: string;
  fallbackFileName: string;
  testId: string;
  fetchFile: (encoding: CsvEncoding) => Promise<Response>;
}) {
  const { t } = useTranslation();
  const [encoding, setEncoding] = useState<CsvEncoding>('utf-8');
  const [downloading, setDownloading] = useState(false);
  const [downloaded, setDownloaded] = useState<string>();
  const [error, setError] = useState<unknown>();

  async function download() {
    setDownloading(true);
    setDownloaded(undefined);
    setError(undefined);
    try {
      setDownloaded(await saveDownload(await fetchFile(encoding), fallbackFileName));
    } catch (caught) {
      setError(caught);
    } finally {
      setDownloading(false);
    }
  }

  return (
    <>
      <CsvEncodingChoice legend={encodingLegend} name={name} value={encoding} onChange={setEncoding} />
      <button type="button" onClick={() => void download()} disabled={downloading} aria-busy={downloading}>
        {buttonLabel}
      </button>
      {/* Always in the page, so screen readers announce what is put into it. */}
      <p role="status" className={downloaded ? 'notice notice-ok' : undefined} data-testid={testId}>
        {downloading ? t('downloads.busy') : downloaded ? t('downloads.done', { file: downloaded }) : ''}
      </p>
      <ErrorNotice error={error} />
    </>
  );
}
