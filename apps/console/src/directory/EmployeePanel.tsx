import { useEffect, useState } from 'react';
import type { EmployeeDetail } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { ModalPanel } from '../components/ModalPanel';
import { EmployeeForm } from './EmployeeForm';
import { EmployeeStatus } from './EmployeeStatus';

const editorRoles = ['owner', 'admin', 'department_admin'];

/** One person's full record in a side panel: read by everyone, edited, disabled and re-enabled by admins. */
export function EmployeePanel({ employeeId, onClose, onChanged }: { employeeId: string; onClose: () => void; onChanged: (employee: EmployeeDetail) => void }) {
  const { api, principal } = useConsole();
  const { t } = useTranslation();
  const [employee, setEmployee] = useState<EmployeeDetail>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const canEdit = principal !== undefined && editorRoles.includes(principal.role);

  useEffect(() => {
    const controller = new AbortController();
    api.tenant.employee(employeeId, controller.signal).then(setEmployee, (caught) => !controller.signal.aborted && setError(caught));
    return () => controller.abort();
  }, [api, employeeId]);

  function changed(next: EmployeeDetail, message: string) {
    setEmployee(next);
    setNotice(message);
    onChanged(next);
  }

  return (
    <ModalPanel labelledBy="employee-panel-heading" onClose={onClose}>
      <div className="panel-header">
        <h2 id="employee-panel-heading" tabIndex={-1}>
          {employee?.nameKanji ?? t('directory.details')}
        </h2>
        <button type="button" onClick={onClose}>
          {t('directory.close')}
        </button>
      </div>
      <p role="status" className={notice ? 'notice notice-ok' : undefined}>
        {notice}
      </p>
      <ErrorNotice error={error} />
      {employee ? (
        <>
          <EmployeeForm employee={employee} canEdit={canEdit} notify={setNotice} onSaved={(saved) => changed(saved, t('directory.saved'))} />
          <EmployeeStatus employee={employee} canEdit={canEdit} notify={setNotice} onChanged={(next) => changed(next, t(next.active ? 'directory.enabledNotice' : 'directory.disabledNotice'))} />
        </>
      ) : (
        !error && <p>{t('common.loading')}</p>
      )}
    </ModalPanel>
  );
}
