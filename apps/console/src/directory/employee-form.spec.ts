import { ApiError } from '../api/api-error';
import type { EmployeeDetail } from '../api/tenant-api';
import { employeePatch, fieldErrorsOf, formValuesOf, problemsElsewhere, withPrivateEmailsFirst } from './employee-form';

const stored: EmployeeDetail = {
  id: '0b9f3c4e-2f7a-4c55-9d0e-6a1c2b3d4e5f',
  employeeNumber: 'E001',
  nameKanji: '山田 太郎',
  nameKana: 'ヤマダ タロウ',
  companyEmail: 'taro@example.jp',
  workPrefecture: '04',
  language: 'ja',
  departmentIds: [],
  active: true,
  roles: [],
  disabledAt: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  privateEmails: ['taro@home.example'],
  mobilePhone: '+819011112222',
  lineUserId: null,
  homePrefecture: null,
};

const { privateEmails: _privateEmails, mobilePhone: _mobilePhone, lineUserId: _lineUserId, homePrefecture: _homePrefecture, ...membersView } = stored;

describe('formValuesOf', () => {
  it('shows "none" as empty boxes and one box per possible private address', () => {
    expect(formValuesOf(stored)).toEqual({
      employeeNumber: 'E001',
      nameKanji: '山田 太郎',
      nameKana: 'ヤマダ タロウ',
      companyEmail: 'taro@example.jp',
      privateEmails: ['taro@home.example', '', ''],
      mobilePhone: '+819011112222',
      lineUserId: '',
      workPrefecture: '04',
      homePrefecture: '',
      language: 'ja',
    });
  });
});

describe('employeePatch', () => {
  it('is empty when nothing changed', () => {
    expect(employeePatch(stored, formValuesOf(stored))).toEqual({});
  });

  it('sends only the changed fields, trimmed', () => {
    const values = { ...formValuesOf(stored), mobilePhone: ' +819012345678 ', lineUserId: 'U0123456789abcdef0123456789abcdef', homePrefecture: '13' };
    expect(employeePatch(stored, values)).toEqual({ mobilePhone: '+819012345678', lineUserId: 'U0123456789abcdef0123456789abcdef', homePrefecture: '13' });
  });

  it('clears an optional field left empty with null', () => {
    const values = { ...formValuesOf(stored), companyEmail: ' ', mobilePhone: '' };
    expect(employeePatch(stored, values)).toEqual({ companyEmail: null, mobilePhone: null });
  });

  it('sends the private addresses as a list without the empty boxes, and only when it changed', () => {
    expect(employeePatch(stored, { ...formValuesOf(stored), privateEmails: ['taro@home.example', '', 'taro@second.example'] })).toEqual({
      privateEmails: ['taro@home.example', 'taro@second.example'],
    });
    expect(employeePatch(stored, { ...formValuesOf(stored), privateEmails: ['', '', ''] })).toEqual({ privateEmails: [] });
    expect(employeePatch(stored, { ...formValuesOf(stored), privateEmails: ['taro@home.example ', '', ''] })).toEqual({});
  });

  it('never sends the private contacts of a view that came without them', () => {
    const values = { ...formValuesOf(membersView), nameKana: 'ヤマダ タロー' };
    expect(values.mobilePhone).toBe('');
    expect(employeePatch(membersView, values)).toEqual({ nameKana: 'ヤマダ タロー' });
  });
});

describe('withPrivateEmailsFirst', () => {
  it('moves the filled boxes up, so box n is what the service calls privateEmails.n', () => {
    expect(withPrivateEmailsFirst({ ...formValuesOf(stored), privateEmails: ['', ' a@example.jp', 'b@example.jp'] }).privateEmails).toEqual(['a@example.jp', 'b@example.jp', '']);
  });
});

describe('fieldErrorsOf and problemsElsewhere', () => {
  const refused = new ApiError(400, 'Bad Request', 'validation failed', 'r1', [
    { path: 'lineUserId', message: 'LINE user id: U followed by 32 lower-case hex digits' },
    { path: 'privateEmails.1', message: 'Invalid email address' },
    { path: 'mobilePhone', message: 'E.164, e.g. +819012345678' },
    { path: 'mobilePhone', message: 'too long' },
    { path: 'departmentIds.0', message: 'no such department' },
  ]);

  it('puts each message under its field path, several for one field together', () => {
    expect(fieldErrorsOf(refused)).toEqual({
      lineUserId: 'LINE user id: U followed by 32 lower-case hex digits',
      'privateEmails.1': 'Invalid email address',
      mobilePhone: 'E.164, e.g. +819012345678 / too long',
      'departmentIds.0': 'no such department',
    });
  });

  it('has nothing for errors that are not the service refusing fields', () => {
    expect(fieldErrorsOf(new ApiError(0, 'network', 'network error'))).toEqual({});
    expect(fieldErrorsOf(new TypeError('boom'))).toEqual({});
    expect(fieldErrorsOf(undefined)).toEqual({});
  });

  it('keeps apart the problems that have no box on the form', () => {
    expect(problemsElsewhere(fieldErrorsOf(refused))).toEqual([['departmentIds.0', 'no such department']]);
  });
});
