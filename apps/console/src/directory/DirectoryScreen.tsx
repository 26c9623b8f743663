import { useEffect, useMemo, useState } from 'react';
import type { Department, Employee, EmployeeDetail } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { VirtualTable } from '../components/VirtualTable';
import { prefectureName } from '../i18n/prefectures';
import { CsvImport } from './CsvImport';
import { DepartmentPanel } from './DepartmentPanel';
import { isDirectoryAdministrator } from './department-editing';
import { departmentTree } from './department-tree';
import { EmployeePanel } from './EmployeePanel';
import { GroupPanel } from './GroupPanel';
import { isDirectoryEditor } from './employee-form';

/** The side panel: one person's record, or the blank form of a new hire (no id yet); or the departments or groups. */
type OpenPanel = { employeeId?: string } | { manage: 'departments' | 'groups' };

export function DirectoryScreen() {
  const { api, language, principal } = useConsole();
  const { t } = useTranslation();
  const [departments, setDepartments] = useState<Department[]>([]);
  const [departmentId, setDepartmentId] = useState<string>();
  const [search, setSearch] = useState('');
  const [employees, setEmployees] = useState<Employee[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [reloads, setReloads] = useState(0);
  // Only the tree: a department change leaves the people list as it is.
  const [departmentReloads, setDepartmentReloads] = useState(0);
  const [panel, setPanel] = useState<OpenPanel>();

  useEffect(() => {
    api.tenant.departments().then((page) => setDepartments(page.items), setError);
  }, [api, reloads, departmentReloads]);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.tenant.employees({ q: search.trim() || undefined, departmentId, limit: 200 }, controller.signal).then((page) => {
        setEmployees(page.items);
        setNextCursor(page.nextCursor);
        setError(undefined);
      }, (caught) => !controller.signal.aborted && setError(caught));
    }, 250);
    return () => (clearTimeout(timer), controller.abort());
  }, [api, search, departmentId, reloads]);

  async function loadMore() {
    if (!nextCursor) return;
    try {
      const page = await api.tenant.employees({ q: search.trim() || undefined, departmentId, limit: 200, cursor: nextCursor });
      setEmployees((current) => [...current, ...page.items]);
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setError(caught);
    }
  }

  async function exportCsv() {
    try {
      const response = await api.tenant.exportEmployees(language);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = 'employees.csv';
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (caught) {
      setError(caught);
    }
  }

  function showChanged(changed: EmployeeDetail) {
    setEmployees((current) => current.map((employee) => (employee.id === changed.id ? { ...employee, ...changed } : employee)));
  }

  // On top of the list, whatever its order or filter: the admin sees at once that the person is in.
  function showCreated(created: EmployeeDetail) {
    setEmployees((current) => [created, ...current.filter((employee) => employee.id !== created.id)]);
  }

  const tree = useMemo(() => departmentTree(departments), [departments]);
  const columns = [
    { header: t('directory.number'), cell: (employee: Employee) => employee.employeeNumber, width: '8rem' },
    {
      header: t('directory.name'),
      cell: (employee: Employee) => (
        <>
          <button type="button" className="link" aria-haspopup="dialog" onClick={() => setPanel({ employeeId: employee.id })}>
            {employee.nameKanji}
          </button>
          {!employee.active && <span className="badge">{t('directory.disabled')}</span>}
        </>
      ),
    },
    { header: t('directory.kana'), cell: (employee: Employee) => employee.nameKana },
    { header: t('directory.email'), cell: (employee: Employee) => employee.companyEmail ?? '—' },
    { header: t('directory.prefecture'), cell: (employee: Employee) => prefectureName(employee.workPrefecture, language), width: '7rem' },
  ];

  return (
    <section aria-labelledby="directory-heading">
      <div className="card">
        <h1 id="directory-heading">{t('directory.heading')}</h1>
        <ErrorNotice error={error} />
        <div className="directory">
          <nav aria-label={t('directory.departments')} className="department-tree">
            <h2>{t('directory.departments')}</h2>
            <ul>
              <li>
                <button type="button" className="link" aria-current={departmentId === undefined} onClick={() => setDepartmentId(undefined)}>
                  {t('directory.allDepartments')}
                </button>
              </li>
              {tree.map(({ department, depth }) => (
                <li key={department.id} style={{ paddingInlineStart: `${depth}rem` }}>
                  <button type="button" className="link" aria-current={departmentId === department.id} onClick={() => setDepartmentId(department.id)}>
                    {department.name}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <div className="employees">
            <div className="row">
              <Field label={t('directory.search')}>{(id) => <input id={id} type="search" value={search} onChange={(event) => setSearch(event.target.value)} />}</Field>
              <button type="button" onClick={exportCsv}>
                {t('directory.export')}
              </button>
              {isDirectoryEditor(principal?.role) && (
                <button type="button" aria-haspopup="dialog" onClick={() => setPanel({})}>
                  {t('directory.add')}
                </button>
              )}
              {isDirectoryAdministrator(principal?.role) && (
                <>
                  <button type="button" aria-haspopup="dialog" onClick={() => setPanel({ manage: 'departments' })}>
                    {t('directory.manageDepartments')}
                  </button>
                  <button type="button" aria-haspopup="dialog" onClick={() => setPanel({ manage: 'groups' })}>
                    {t('directory.manageGroups')}
                  </button>
                </>
              )}
            </div>
            <p role="status" data-testid="employee-count">
              {t('directory.employees', { count: employees.length.toLocaleString(language) })}
            </p>
            <VirtualTable rows={employees} columns={columns} rowKey={(employee) => employee.id} label={t('directory.heading')} />
            {nextCursor && (
              <button type="button" onClick={loadMore}>
                {t('directory.more')}
              </button>
            )}
          </div>
        </div>
      </div>
      <CsvImport onApplied={() => setReloads((count) => count + 1)} />
      {panel && !('manage' in panel) && (
        <EmployeePanel employeeId={panel.employeeId} departments={departments} onClose={() => setPanel(undefined)} onChanged={showChanged} onCreated={showCreated} />
      )}
      {panel && 'manage' in panel && panel.manage === 'departments' && (
        <DepartmentPanel departments={departments} onClose={() => setPanel(undefined)} onChanged={() => setDepartmentReloads((count) => count + 1)} />
      )}
      {panel && 'manage' in panel && panel.manage === 'groups' && <GroupPanel onClose={() => setPanel(undefined)} />}
    </section>
  );
}
