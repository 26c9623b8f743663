import { DepartmentView } from '../departments/department-schemas';
import { CsvTable } from './csv-decoding';
import { departmentLayoutOf, DepartmentRow, planDepartments, readDepartmentRows } from './department-rows';

const department = (id: string, code: string, name: string, path: string[]): DepartmentView => ({
  id,
  code,
  name,
  parentId: path.length > 1 ? path[path.length - 2] : null,
  path,
  createdAt: '',
  updatedAt: '',
});

const row = (line: number, code: string, name: string, parentCode: string | null): DepartmentRow => ({ line, code, name, parentCode });
const header = (column: string) => column;

describe('reading a department file', () => {
  it('maps Japanese headers and reports bad cells, formulas and repeated codes per row', () => {
    const table: CsvTable = {
      headers: ['部署コード', '部署名', '親部署コード'],
      rows: [
        { line: 2, cells: ['HQ', '本社', ''] },
        { line: 3, cells: ['HQ', '本社2', ''] },
        { line: 4, cells: ['bad code', '=A1', 'HQ'] },
      ],
    };
    const { rows, problems } = readDepartmentRows(table, departmentLayoutOf(table.headers, {}));
    expect(rows).toEqual([row(2, 'HQ', '本社', null)]);
    expect(problems).toEqual([
      { line: 3, column: '部署コード', reason: 'duplicate department code (first on line 2)' },
      { line: 4, column: '部署名', reason: 'starts with = + - @ or a control character; spreadsheet formulas are not accepted' },
      { line: 4, column: '部署コード', reason: 'letters, digits, _ . -' },
    ]);
  });
});

describe('planning a department import', () => {
  let counter = 0;
  const newId = () => `new-${(counter += 1)}`;
  const headquarters = department('hq', 'HQ', '本社', ['hq']);
  const existing = new Map([['HQ', headquarters]]);

  beforeEach(() => {
    counter = 0;
  });

  it('creates parents before children, whatever the order of the file, under departments already in the directory', () => {
    const plan = planDepartments([row(2, 'TKY', '東京営業所', 'SALES'), row(3, 'SALES', '営業部', 'HQ'), row(4, 'HQ', '本社', null)], existing, newId, header);
    expect(plan.problems).toEqual([]);
    expect(plan.renames).toEqual([]);
    expect(plan.creates).toEqual([
      { line: 3, id: 'new-1', code: 'SALES', name: '営業部', parentId: 'hq', path: ['hq', 'new-1'] },
      { line: 2, id: 'new-2', code: 'TKY', name: '東京営業所', parentId: 'new-1', path: ['hq', 'new-1', 'new-2'] },
    ]);
  });

  it('renames a known code and leaves moves to the API', () => {
    const sales = department('sales', 'SALES', '営業部', ['hq', 'sales']);
    const plan = planDepartments([row(2, 'HQ', '本店', null), row(3, 'SALES', '営業部', null)], new Map([...existing, ['SALES', sales]]), newId, header);
    expect(plan.renames).toEqual([{ line: 2, id: 'hq', code: 'HQ', name: '本店' }]);
    expect(plan.problems).toEqual([{ line: 3, column: 'parentCode', reason: expect.stringMatching(/^moving an existing department is not done by import/) }]);
  });

  it('reports unknown parents and cycles', () => {
    const plan = planDepartments([row(2, 'A', 'A', 'B'), row(3, 'B', 'B', 'A'), row(4, 'C', 'C', 'NOPE')], existing, newId, header);
    expect(plan.creates).toEqual([]);
    expect(plan.problems).toEqual([
      { line: 2, column: 'parentCode', reason: 'the parent codes form a cycle' },
      { line: 3, column: 'parentCode', reason: 'the parent codes form a cycle' },
      { line: 4, column: 'parentCode', reason: 'no department with code NOPE in the file or the directory' },
    ]);
  });

  it('refuses a tree deeper than 64 levels', () => {
    const chain = Array.from({ length: 65 }, (_, index) => row(index + 2, `D${index}`, `D${index}`, index === 0 ? null : `D${index - 1}`));
    const plan = planDepartments(chain, new Map(), newId, header);
    expect(plan.creates).toHaveLength(64);
    expect(plan.problems).toEqual([{ line: 66, column: 'parentCode', reason: 'departments nest at most 64 levels deep' }]);
  });
});
