import { useEffect, useState } from 'react';
import type { Department, EmployeeDetail } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { ModalPanel } from '../components/ModalPanel';
import { EmployeeForm } from './EmployeeForm';
import { EmployeeStatus } from './EmployeeStatus';
import { isDirectoryEditor } from './employee-form';

interface EmployeePanelProps {
  /** The person to show; none: a blank form for a new hire, which becomes their record once added. */
  employeeId?: string;
  departments: Department[];
  onClose: () => void;
  onChanged: (employee: EmployeeDetail) => void;
  onCreated: (employee: EmployeeDetail) => void;
}

/** One person's full record in a side panel: read by everyone, added, edited, disabled and re-enabled by admins. */
export function EmployeePanel({ employeeId, departments, onClose, onChanged, onCreated }: EmployeePanelProps) {
  const { api, principal } = useConsole();
  const { t } = useTranslation();
  const [employee, setEmployee] = useState<EmployeeDetail>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const canEdit = isDirectoryEditor(principal?.role);
  const newEmployeeLanguage = useCompanyLanguage(employeeId === undefined);

  useEffect(() => {
    if (employeeId === undefined) return;
    const controller = new AbortController();
    api.tenant.employee(employeeId, controller.signal).then(setEmployee, (caught) => !controller.signal.aborted && setError(caught));
    return () => controller.abort();
  }, [api, employeeId]);

  function changed(next: EmployeeDetail, message: string) {
    setEmployee(next);
    setNotice(message);
    onChanged(next);
  }

  // From here on the panel is the new person's record, as if it had been opened from the list.
  function created(next: EmployeeDetail) {
    setEmployee(next);
    setNotice(t('directory.created', { name: next.nameKanji }));
    onCreated(next);
  }

  const creating = employeeId === undefined && employee === undefined;
  return (
    <ModalPanel labelledBy="employee-panel-heading" heading={employee?.nameKanji ?? (creating ? t('directory.newEmployee') : t('directory.details'))} closeLabel={t('directory.close')} onClose={onClose}>
      <p role="status" className={notice ? 'notice notice-ok' : undefined}>
        {notice}
      </p>
      <ErrorNotice error={error} />
      {/* One form for both modes: once the person is added it stays mounted, with the focus where it was. */}
      {(employee || (creating && newEmployeeLanguage)) && (
        <EmployeeForm
          employee={employee}
          departments={departments}
          newEmployeeLanguage={newEmployeeLanguage}
          canEdit={canEdit}
          notify={setNotice}
          onSaved={(saved) => changed(saved, t('directory.saved'))}
          onCreated={created}
        />
      )}
      {employee && (
        <EmployeeStatus employee={employee} canEdit={canEdit} notify={setNotice} onChanged={(next) => changed(next, t(next.active ? 'directory.enabledNotice' : 'directory.disabledNotice'))} />
      )}
      {!employee && !error && !(creating && newEmployeeLanguage) && <p>{t('common.loading')}</p>}
    </ModalPanel>
  );
}

/**
 * The company's default language for a new hire's messages. Only owners and admins may read
 * the company settings; anyone else (a department admin) starts from Japanese.
 */
function useCompanyLanguage(wanted: boolean): 'ja' | 'en' | undefined {
  const { api, principal } = useConsole();
  const readable = principal?.role === 'owner' || principal?.role === 'admin';
  const [language, setLanguage] = useState<'ja' | 'en' | undefined>(wanted && readable ? undefined : 'ja');

  useEffect(() => {
    if (!wanted || !readable) return;
    let current = true;
    api.tenant.companySettings().then(
      (settings) => current && setLanguage(settings.defaultLanguage),
      () => current && setLanguage('ja'),
    );
    return () => {
      current = false;
    };
  }, [api, wanted, readable]);
  return language;
}
