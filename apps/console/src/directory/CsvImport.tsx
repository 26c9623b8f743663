import { FormEvent, useState } from 'react';
import { finishedImportStatuses, ImportJob } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';

const POLL_MS = 400;

/** Check first (dry run: every row validated, nothing written), then import; progress while it runs. */
export function CsvImport({ onApplied }: { onApplied: () => void }) {
  const { api } = useConsole();
  const { t } = useTranslation();
  const [file, setFile] = useState<File>();
  const [job, setJob] = useState<ImportJob>();
  const [checked, setChecked] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function run(mode: 'dry_run' | 'apply') {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      let current = await api.tenant.startImport(file, mode);
      setJob(current);
      while (!finishedImportStatuses.has(current.status)) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        current = await api.tenant.importJob(current.id);
        setJob(current);
      }
      if (mode === 'dry_run' && current.status === 'validated') setChecked(file);
      if (mode === 'apply' && current.status === 'applied') onApplied();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const submit = (event: FormEvent) => (event.preventDefault(), void run('dry_run'));
  const running = job && !finishedImportStatuses.has(job.status);
  return (
    <div className="card" role="region" aria-labelledby="import-heading">
      <h2 id="import-heading">{t('directory.import')}</h2>
      <form onSubmit={submit} className="row">
        <Field label={t('directory.file')}>
          {(id) => <input id={id} type="file" name="csv" accept=".csv,text/csv" onChange={(event) => (setFile(event.target.files?.[0]), setChecked(undefined), setJob(undefined))} />}
        </Field>
        <button type="submit" disabled={!file || busy}>
          {t('directory.dryRun')}
        </button>
        <button type="button" className="primary" disabled={!file || busy || checked !== file} onClick={() => void run('apply')}>
          {t('directory.apply')}
        </button>
      </form>
      {running && (
        <div>
          <label htmlFor="import-progress">{t('directory.progress', { done: job.rowsDone, total: job.rowsTotal })}</label>
          <progress id="import-progress" max={Math.max(job.rowsTotal, 1)} value={job.rowsDone} />
        </div>
      )}
      {job && !running && <ImportReport job={job} />}
      <ErrorNotice error={error} />
    </div>
  );
}

function ImportReport({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  if (job.status === 'applied') {
    return (
      <p className="notice notice-ok" role="status" data-testid="import-result">
        {t('directory.applied', { total: job.rowsTotal })}
      </p>
    );
  }
  return (
    <div role="status" data-testid="import-result">
      <p className={job.problemCount ? 'notice notice-error' : 'notice notice-ok'}>
        {t('directory.report', { total: job.rowsTotal, problems: job.problemCount })}
        {job.problemCount === 0 && job.status === 'validated' && ` ${t('directory.reportOk')}`}
      </p>
      {job.problems.length > 0 && (
        <ul className="problems">
          {job.problems.slice(0, 100).map((problem, index) => (
            <li key={index}>
              {t('directory.problemRow', { row: problem.line })}
              {problem.column ? ` (${problem.column})` : ''}: {problem.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
