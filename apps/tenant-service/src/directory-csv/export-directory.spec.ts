import * as iconv from 'iconv-lite';
import { EmployeeRecord } from '../employees/employee-record';
import { directoryColumns, neutraliseFormula, restoreNeutralisedCell } from './directory-columns';
import { departmentCells, encodeCsv, exportCells, toCsvText } from './export-directory';

const employee = {
  id: 'e0000000-0000-4000-8000-000000000001',
  employeeNumber: 'E1',
  nameKanji: '山田 太郎',
  nameKana: 'ヤマダ タロウ',
  workPrefecture: '13',
  homePrefecture: null,
  language: 'ja',
  roles: ['crisis_team', 'driver'],
  status: 'disabled',
  departmentIds: ['d0000000-0000-4000-8000-000000000001', 'd0000000-0000-4000-8000-000000000002'],
} as unknown as EmployeeRecord;

describe('exporting the directory', () => {
  it('writes the columns import reads; departments by code, or by id when they have none', () => {
    const cells = exportCells(employee, { companyEmail: null, privateEmails: ['a@home.example', 'b@home.example'], mobilePhone: '+819012345678', lineUserId: 'U4af4980629a0b1c2d3e4f5a6b7c8d9e0' }, new Map([[employee.departmentIds[0], 'TKY']]));
    expect(cells).toEqual({
      employeeNumber: 'E1',
      nameKanji: '山田 太郎',
      nameKana: 'ヤマダ タロウ',
      companyEmail: '',
      privateEmails: 'a@home.example;b@home.example',
      mobilePhone: '+819012345678',
      lineUserId: 'U4af4980629a0b1c2d3e4f5a6b7c8d9e0',
      workPrefecture: '13',
      homePrefecture: '',
      language: 'ja',
      roles: 'crisis_team;driver',
      departmentCodes: `TKY;${employee.departmentIds[1]}`,
      active: 'false',
    });
  });

  it('writes departments in the columns of the department import, naming code-less ones by id', () => {
    const department = { id: 'd2', code: null, name: '営業部', parentId: 'd1', path: ['d1', 'd2'], createdAt: '', updatedAt: '' };
    expect(departmentCells(department, new Map([['d1', 'HQ']]))).toEqual({ code: 'd2', name: '営業部', parentCode: 'HQ' });
    expect(departmentCells({ ...department, code: 'S', parentId: null }, new Map())).toEqual({ code: 'S', name: '営業部', parentCode: '' });
  });

  it.each(['=SUM(A1)', '+81', '-1', '@cmd', '\tx', '\rx'])('writes %j as text a spreadsheet will not run, and import restores it', (cell) => {
    expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    expect(restoreNeutralisedCell(neutraliseFormula(cell))).toBe(cell);
  });

  it('leaves ordinary cells, and apostrophes that protect nothing, alone', () => {
    expect(neutraliseFormula('山田')).toBe('山田');
    expect(restoreNeutralisedCell("'quoted")).toBe("'quoted");
  });

  it('quotes cells that need it and uses Excel line ends', () => {
    const row = exportCells(employee, { companyEmail: null, privateEmails: [], mobilePhone: null, lineUserId: null }, new Map());
    const text = toCsvText(directoryColumns, (column) => column, [{ ...row, nameKanji: '山田, "太郎"' }]);
    expect(text.split('\r\n')[1]).toMatch(/^E1,"山田, ""太郎""",/);
  });

  it('encodes UTF-8 with a BOM, and Shift_JIS only when every character fits', () => {
    expect([...encodeCsv('a\r\n', 'utf-8')]).toEqual([0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a]);
    expect(iconv.decode(encodeCsv('山田\r\n', 'shift_jis'), 'cp932')).toBe('山田\r\n');
    expect(() => encodeCsv('𠮷野\r\n', 'shift_jis')).toThrow('the directory contains characters Shift_JIS cannot represent');
  });
});
