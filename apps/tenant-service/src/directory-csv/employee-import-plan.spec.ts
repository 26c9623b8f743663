import { EmployeeRecord } from '../employees/employee-record';
import { DirectoryColumn, directoryColumns } from './directory-columns';
import { DirectoryRow } from './directory-rows';
import { asSeenNow } from './directory-imports';
import { ImportJobView } from './import-job-store';
import { inSlices, planEmployee, unknownDepartments } from './employee-import-plan';

const tokyo = 'd0000000-0000-4000-8000-000000000001';
const departmentIdOf = new Map([
  ['TKY', tokyo],
  [tokyo, tokyo],
]);

const row: DirectoryRow = {
  employeeNumber: 'E1',
  nameKanji: '新しい 名前',
  nameKana: 'アタラシイ ナマエ',
  companyEmail: null,
  privateEmails: [],
  mobilePhone: '+819012345678',
  lineUserId: null,
  workPrefecture: '27',
  homePrefecture: null,
  language: 'ja',
  roles: [],
  departmentCodes: ['TKY'],
  active: true,
};

const current = {
  record: { employeeNumber: 'E1', nameKanji: '古い 名前', nameKana: 'フルイ ナマエ', workPrefecture: '13', homePrefecture: '14', language: 'en', roles: ['crisis_team'], status: 'disabled' } as EmployeeRecord,
  contacts: { companyEmail: 'old@corp.example', privateEmails: ['old@home.example'], mobilePhone: '+819000000000', lineUserId: 'U4af4980629a0b1c2d3e4f5a6b7c8d9e0' },
};

describe('planning an import', () => {
  it('replaces every field of an existing employee that the file has, and keeps the others', () => {
    const present = new Set<DirectoryColumn>(['employeeNumber', 'nameKanji', 'nameKana', 'workPrefecture', 'mobilePhone']);
    expect(planEmployee({ line: 2, row }, present, departmentIdOf, current)).toEqual({
      line: 2,
      attributes: { employeeNumber: 'E1', nameKanji: '新しい 名前', nameKana: 'アタラシイ ナマエ', workPrefecture: '27', homePrefecture: '14', language: 'en', roles: ['crisis_team'], active: false },
      contacts: { companyEmail: 'old@corp.example', privateEmails: ['old@home.example'], mobilePhone: '+819012345678', lineUserId: 'U4af4980629a0b1c2d3e4f5a6b7c8d9e0' },
      departmentIds: undefined,
    });
  });

  it('takes the file (and its defaults) for a new employee, with departments resolved from codes', () => {
    const planned = planEmployee({ line: 2, row }, new Set(directoryColumns), departmentIdOf, undefined);
    expect(planned.attributes).toMatchObject({ homePrefecture: null, language: 'ja', active: true });
    expect(planned.contacts).toEqual({ companyEmail: null, privateEmails: [], mobilePhone: '+819012345678', lineUserId: null });
    expect(planned.departmentIds).toEqual([tokyo]);
  });

  it('reports department codes the tenant does not have', () => {
    expect(unknownDepartments([{ line: 2, row: { ...row, departmentCodes: ['TKY', tokyo, 'OSK'] } }], departmentIdOf, '所属コード')).toEqual([
      { line: 2, column: '所属コード', reason: 'no department with code OSK' },
    ]);
  });

  it('cuts work into slices of a given size', () => {
    expect(inSlices([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(inSlices([], 2)).toEqual([]);
  });
});

describe('an import job as the API shows it', () => {
  const job = { id: 'j', status: 'applying', updatedAt: '2026-01-01T00:00:00.000Z', problemCount: 0, problems: [] } as unknown as ImportJobView;
  const updatedAt = Date.parse(job.updatedAt);

  it('is shown as it is while it keeps moving, or once it has ended', () => {
    expect(asSeenNow(job, updatedAt + 60_000)).toBe(job);
    const ended = { ...job, status: 'applied' as const };
    expect(asSeenNow(ended, updatedAt + 3_600_000)).toBe(ended);
  });

  it('is shown as failed when it stopped moving: its process died and its transaction rolled back', () => {
    expect(asSeenNow(job, updatedAt + 121_000)).toMatchObject({ status: 'failed', problemCount: 1, problems: [{ line: 0, column: null, reason: expect.stringMatching(/nothing was applied/) }] });
  });
});
