import { useRef, useState } from 'react';
import type { EmployeeDetail } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';

/**
 * Active or disabled, and the switch between them. Disabling starts off-boarding (no more
 * safety checks, personal data erased after the retention period), so it asks first;
 * re-enabling does not.
 */
export function EmployeeStatus({ employee, canEdit, notify, onChanged }: { employee: EmployeeDetail; canEdit: boolean; notify: (message?: string) => void; onChanged: (next: EmployeeDetail) => void }) {
  const { api } = useConsole();
  const { t, language } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  // One switch whatever the state, never disabled: the focus can come back to it when the confirmation goes away.
  const toggle = useRef<HTMLButtonElement>(null);
  const inFlight = useRef(false);

  async function setActive(active: boolean) {
    if (inFlight.current) return;
    inFlight.current = true;
    notify(undefined);
    setError(undefined);
    setBusy(true);
    try {
      onChanged(await api.tenant.updateEmployee(employee.id, { active }));
      setConfirming(false);
    } catch (caught) {
      setError(caught);
    } finally {
      inFlight.current = false;
      setBusy(false);
      toggle.current?.focus();
    }
  }

  function cancel() {
    setConfirming(false);
    toggle.current?.focus();
  }

  return (
    <section aria-labelledby="employee-status-heading">
      <h3 id="employee-status-heading">{t('directory.status')}</h3>
      <p data-testid="employee-status">{employee.active ? t('directory.active') : t('directory.disabledSince', { date: employee.disabledAt ? new Date(employee.disabledAt).toLocaleString(language) : '—' })}</p>
      {canEdit && (
        <button ref={toggle} type="button" aria-busy={busy && !confirming} onClick={employee.active ? () => setConfirming(true) : () => void setActive(true)}>
          {employee.active ? t('directory.disable') : t('directory.enable')}
        </button>
      )}
      {confirming && (
        <div className="notice" role="alert">
          <p>{t('directory.disableConfirm')}</p>
          <div className="row">
            <button type="button" className="primary danger" onClick={() => void setActive(false)} disabled={busy} aria-busy={busy}>
              {t('directory.disableConfirmed')}
            </button>
            <button type="button" onClick={cancel} disabled={busy}>
              {t('directory.disableCancel')}
            </button>
          </div>
        </div>
      )}
      <ErrorNotice error={error} />
    </section>
  );
}
