import { EmployeeRecord } from './employee-record';
import { toDirectoryView, toFullView } from './employee-views';

const employee: EmployeeRecord = {
  id: 'e0000000-0000-4000-8000-000000000001',
  employeeNumber: 'E-0001',
  nameKanji: '山田 花子',
  nameKana: 'ヤマダ ハナコ',
  workPrefecture: '13',
  homePrefecture: '14',
  language: 'ja',
  roles: ['crisis_team'],
  status: 'disabled',
  disabledAt: new Date('2026-11-01T00:00:00Z'),
  purgedAt: null,
  departmentIds: ['d0000000-0000-4000-8000-000000000001'],
  groupIds: [],
  sealed: {
    dataKeyId: 'dk_1',
    companyEmailCiphertext: 'v1.dk_1.a.b.c',
    companyEmailLookup: 'lookup',
    privateEmailsCiphertext: 'v1.dk_1.a.b.d',
    privateEmailLookups: ['lookup2'],
    mobilePhoneCiphertext: 'v1.dk_1.a.b.e',
    mobilePhoneLookup: 'lookup3',
    lineUserIdCiphertext: 'v1.dk_1.a.b.f',
  },
  createdAt: new Date('2026-10-01T00:00:00Z'),
  updatedAt: new Date('2026-11-01T00:00:00Z'),
};
const contacts = { companyEmail: 'hanako@corp.example', privateEmails: ['hanako@home.example'], mobilePhone: '+819012345678', lineUserId: 'U4af4980629a0b1c2d3e4f5a6b7c8d9e0' };

describe('employee views', () => {
  it('keeps private contacts and the home prefecture out of the directory view', () => {
    const view = toDirectoryView(employee, contacts);
    expect(view).toMatchObject({ companyEmail: 'hanako@corp.example', active: false, disabledAt: '2026-11-01T00:00:00.000Z' });
    expect(JSON.stringify(view)).not.toMatch(/home\.example|\+8190|U4af49806|lineUserId|homePrefecture|v1\.dk_1|lookup/);
  });

  it('shows everything, but never ciphertexts or lookups, in the full view', () => {
    const view = toFullView(employee, contacts);
    expect(view).toMatchObject({ privateEmails: ['hanako@home.example'], mobilePhone: '+819012345678', lineUserId: 'U4af4980629a0b1c2d3e4f5a6b7c8d9e0', homePrefecture: '14' });
    expect(JSON.stringify(view)).not.toMatch(/v1\.dk_1|lookup/);
  });
});
