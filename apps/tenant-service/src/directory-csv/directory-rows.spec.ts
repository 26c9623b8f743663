import { CsvTable } from './csv-decoding';
import { employeeLayoutOf, readDirectoryRows } from './directory-rows';

const headers = ['社員番号', 'Name Kanji', 'name_kana', 'mobilePhone', '勤務地都道府県', 'privateEmails', 'active'];

function table(...rows: string[][]): CsvTable {
  return { headers, rows: rows.map((cells, index) => ({ line: index + 2, cells })) };
}

describe('the header layout of an import', () => {
  it('maps Japanese, English and loosely spelled headers, and the admin mapping first', () => {
    const layout = employeeLayoutOf(['従業員コード', '氏名', 'Name Kana', 'work_prefecture'], { 従業員コード: 'employeeNumber' });
    expect(layout.columnAt).toEqual(['employeeNumber', 'nameKanji', 'nameKana', 'workPrefecture']);
    expect(layout.headerOf.get('employeeNumber')).toBe('従業員コード');
  });

  it('refuses unknown, repeated and missing columns', () => {
    expect(() => employeeLayoutOf(['社員番号', '給与'], {})).toThrow('unknown columns: 給与 (pass a mapping to name their fields)');
    expect(() => employeeLayoutOf(['社員番号', 'employeeNumber'], {})).toThrow('two columns feed the field employeeNumber: 社員番号 and employeeNumber');
    expect(() => employeeLayoutOf(['社員番号', '氏名'], {})).toThrow('required columns are missing: nameKana, workPrefecture');
  });
});

describe('reading the rows of an import', () => {
  const layout = employeeLayoutOf(headers, {});

  it('turns cells into employee fields: lists split on ";", short prefecture codes padded, Japanese yes/no, defaults for empty cells', () => {
    const { candidates, problems } = readDirectoryRows(table(['E1', '山田 太郎', 'ヤマダ タロウ', "'+819012345678", '1', 'a@home.example; b@home.example', '無効']), layout);
    expect(problems).toEqual([]);
    expect(candidates).toEqual([
      {
        line: 2,
        row: {
          employeeNumber: 'E1',
          nameKanji: '山田 太郎',
          nameKana: 'ヤマダ タロウ',
          companyEmail: null,
          privateEmails: ['a@home.example', 'b@home.example'],
          mobilePhone: '+819012345678',
          lineUserId: null,
          workPrefecture: '01',
          homePrefecture: null,
          language: 'ja',
          roles: [],
          departmentCodes: [],
          active: false,
        },
      },
    ]);
  });

  it('reports each problem under the header the file used, without the cell value', () => {
    const { candidates, problems } = readDirectoryRows(
      table(
        ['E1', '山田', 'ヤマダ', '09012345678', '48', 'not-mail', 'maybe'],
        ['E2', '=1+1', 'ヤマダ', '', '13', '', ''],
        ['-E3', '山田', 'ヤマダ', '', '13', '', ''],
      ),
      layout,
    );
    expect(candidates).toEqual([]);
    expect(problems).toEqual([
      { line: 2, column: 'mobilePhone', reason: 'E.164, e.g. +819012345678' },
      { line: 2, column: '勤務地都道府県', reason: 'JIS X 0401 prefecture code 01–47' },
      { line: 2, column: 'privateEmails', reason: expect.stringMatching(/email/i) },
      { line: 2, column: 'active', reason: expect.any(String) },
      { line: 3, column: 'Name Kanji', reason: 'starts with = + - @ or a control character; spreadsheet formulas are not accepted' },
      { line: 4, column: '社員番号', reason: 'starts with = + - @ or a control character; spreadsheet formulas are not accepted' },
    ]);
    expect(JSON.stringify(problems)).not.toContain('not-mail');
  });

  it('reads LINE user ids under the Japanese or English header, and refuses what LINE would not accept', () => {
    const lineLayout = employeeLayoutOf(['社員番号', '氏名', '氏名カナ', '勤務地都道府県', 'LINE ID'], {});
    expect(lineLayout.columnAt[4]).toBe('lineUserId');
    expect(employeeLayoutOf(['LINEユーザーID', '社員番号', '氏名', '氏名カナ', '勤務地都道府県'], {}).columnAt[0]).toBe('lineUserId');
    const read = readDirectoryRows(
      {
        headers: ['社員番号', '氏名', '氏名カナ', '勤務地都道府県', 'LINE ID'],
        rows: [
          { line: 2, cells: ['E1', '山田', 'ヤマダ', '13', 'U4af4980629a0b1c2d3e4f5a6b7c8d9e0'] },
          { line: 3, cells: ['E2', '山田', 'ヤマダ', '13', '@yamada'] },
          { line: 4, cells: ['E3', '山田', 'ヤマダ', '13', ''] },
        ],
      },
      lineLayout,
    );
    expect(read.candidates.map(({ line, row }) => [line, row.lineUserId])).toEqual([
      [2, 'U4af4980629a0b1c2d3e4f5a6b7c8d9e0'],
      [4, null],
    ]);
    expect(read.problems).toEqual([
      { line: 3, column: 'LINE ID', reason: 'starts with = + - @ or a control character; spreadsheet formulas are not accepted' },
      { line: 3, column: 'LINE ID', reason: 'LINE user id: U followed by 32 lower-case hex digits' },
    ]);
  });

  it('keeps the first row of an employee number and reports the others', () => {
    const row = ['E1', '山田', 'ヤマダ', '', '13', '', ''];
    const { candidates, problems } = readDirectoryRows(table(row, row, row), layout);
    expect(candidates.map(({ line }) => line)).toEqual([2]);
    expect(problems).toEqual([
      { line: 3, column: '社員番号', reason: 'duplicate employee number (first on line 2)' },
      { line: 4, column: '社員番号', reason: 'duplicate employee number (first on line 2)' },
    ]);
  });
});
