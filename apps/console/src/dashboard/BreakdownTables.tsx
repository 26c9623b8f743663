import type { AlertBreakdown, BreakdownRow } from '../api/responses-api';
import { useTranslation } from '../app/console-context';
import { prefectureName } from '../i18n/prefectures';
import { departmentTree } from '../directory/department-tree';
import { ScrollingTable } from '../components/ScrollingTable';

/** Answers × department (each row includes its sub-departments) and by work prefecture. */
export function BreakdownTables({ breakdown }: { breakdown: AlertBreakdown }) {
  const { t, language } = useTranslation();
  const named = breakdown.departments.filter((row) => row.departmentId !== null);
  const tree = departmentTree(named.map((row) => ({ id: row.departmentId!, name: row.name ?? '—', parentId: row.parentId, code: null, path: [] })));
  const byId = new Map(named.map((row) => [row.departmentId!, row]));
  const unassigned = breakdown.departments.find((row) => row.departmentId === null);
  return (
    <div className="grid-2">
      <div className="card">
        <h2 id="by-department">{t('dashboard.byDepartment')}</h2>
        <ScrollingTable labelledBy="by-department">
          <table aria-labelledby="by-department" data-testid="department-breakdown">
            <BreakdownHead first={t('dashboard.department')} />
            <tbody>
              {tree.map(({ department, depth }) => (
                <BreakdownLine key={department.id} label={department.name} depth={depth} row={byId.get(department.id)!} />
              ))}
              {unassigned && <BreakdownLine label={t('dashboard.noDepartment')} depth={0} row={unassigned} />}
            </tbody>
          </table>
        </ScrollingTable>
      </div>
      {breakdown.workPrefectures.length > 0 && (
        <div className="card">
          <h2 id="by-prefecture">{t('dashboard.byPrefecture')}</h2>
          <ScrollingTable labelledBy="by-prefecture">
            <table aria-labelledby="by-prefecture" data-testid="prefecture-breakdown">
              <BreakdownHead first={t('directory.prefecture')} />
              <tbody>
                {breakdown.workPrefectures.map((row) => (
                  <BreakdownLine key={row.prefecture ?? 'none'} label={row.prefecture ? prefectureName(row.prefecture, language) : '—'} depth={0} row={row} />
                ))}
              </tbody>
            </table>
          </ScrollingTable>
        </div>
      )}
    </div>
  );
}

const countHeaders = ['dashboard.recipients', 'dashboard.responded', 'dashboard.safe', 'dashboard.injured', 'dashboard.rate'] as const;

function BreakdownHead({ first }: { first: string }) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {countHeaders.map((key) => (
          <th key={key} scope="col" className="number">
            {t(key)}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function BreakdownLine({ label, depth, row }: { label: string; depth: number; row: BreakdownRow }) {
  const { language } = useTranslation();
  const safety = row.answers.safety ?? {};
  const injured = (safety.minor_injury ?? 0) + (safety.serious_injury ?? 0);
  return (
    <tr>
      <th scope="row" style={{ paddingInlineStart: `${0.5 + depth}rem` }}>
        {label}
      </th>
      <td className="number">{row.recipients.toLocaleString(language)}</td>
      <td className="number">{row.responded.toLocaleString(language)}</td>
      <td className="number">{(safety.safe ?? 0).toLocaleString(language)}</td>
      <td className={injured ? 'number attention' : 'number'}>{injured.toLocaleString(language)}</td>
      <td className="number">{(row.responseRate * 100).toFixed(0)}%</td>
    </tr>
  );
}
