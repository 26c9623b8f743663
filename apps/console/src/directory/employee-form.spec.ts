import { ApiError } from '../api/api-error';
import { fieldErrorsOf } from '../api/field-problem-text';
import type { EmployeeDetail } from '../api/tenant-api';
import {
  departmentProblem,
  employeePatch,
  formValuesOf,
  isDirectoryEditor,
  isDuplicateEmployeeNumber,
  missingRequiredFields,
  newEmployeeBody,
  newEmployeeFormValues,
  problemsElsewhere,
  withPrivateEmailsFirst,
} from './employee-form';

const stored: EmployeeDetail = {
  id: '0b9f3c4e-2f7a-4c55-9d0e-6a1c2b3d4e5f',
  employeeNumber: 'E001',
  nameKanji: '山田 太郎',
  nameKana: 'ヤマダ タロウ',
  companyEmail: 'taro@example.jp',
  workPrefecture: '04',
  language: 'ja',
  departmentIds: ['sales'],
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
      departmentIds: ['sales'],
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

  it('sends the departments, as the whole new set, only when the set changed', () => {
    expect(employeePatch(stored, { ...formValuesOf(stored), departmentIds: ['support'] })).toEqual({ departmentIds: ['support'] });
    expect(employeePatch(stored, { ...formValuesOf(stored), departmentIds: ['sales', 'support'] })).toEqual({ departmentIds: ['sales', 'support'] });
    expect(employeePatch(stored, { ...formValuesOf(stored), departmentIds: [] })).toEqual({ departmentIds: [] });
    expect(employeePatch({ ...stored, departmentIds: ['a', 'b'] }, { ...formValuesOf(stored), departmentIds: ['b', 'a'] })).toEqual({});
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
    { path: 'departmentIds.3', message: 'no such department' },
    { path: 'roles.0', message: 'lower-case label, e.g. crisis_team' },
  ]);

  it('puts each message under its field path, several for one field together', () => {
    expect(fieldErrorsOf(refused)).toEqual({
      lineUserId: 'LINE user id: U followed by 32 lower-case hex digits',
      'privateEmails.1': 'Invalid email address',
      mobilePhone: 'E.164, e.g. +819012345678 / too long',
      'departmentIds.0': 'no such department',
      'departmentIds.3': 'no such department',
      'roles.0': 'lower-case label, e.g. crisis_team',
    });
  });

  it('has nothing for errors that are not the service refusing fields', () => {
    expect(fieldErrorsOf(new ApiError(0, 'network', 'network error'))).toEqual({});
    expect(fieldErrorsOf(new TypeError('boom'))).toEqual({});
    expect(fieldErrorsOf(undefined)).toEqual({});
  });

  it('keeps apart the problems that have no box on the form', () => {
    expect(problemsElsewhere(fieldErrorsOf(refused))).toEqual([['roles.0', 'lower-case label, e.g. crisis_team']]);
  });

  it('gathers what was said about any of the departments for the departments group, each message once', () => {
    expect(departmentProblem(fieldErrorsOf(refused))).toBe('no such department');
    expect(departmentProblem(fieldErrorsOf(new ApiError(400, 'Bad Request', 'validation failed', 'r2', [{ path: 'departmentIds', message: 'Too big: expected array to have <=50 items' }])))).toBe(
      'Too big: expected array to have <=50 items',
    );
    expect(departmentProblem({ nameKana: 'kana only' })).toBeUndefined();
  });
});

describe('a new hire', () => {
  const filled = {
    ...newEmployeeFormValues('en'),
    employeeNumber: ' E100 ',
    nameKanji: ' 佐藤 花子 ',
    nameKana: 'サトウ ハナコ ',
    workPrefecture: '13',
  };

  it('starts blank, in the language given, with no work prefecture chosen for the admin', () => {
    const blank = newEmployeeFormValues('en');
    expect(blank).toMatchObject({ employeeNumber: '', workPrefecture: '', homePrefecture: '', language: 'en', departmentIds: [] });
    expect(blank.privateEmails).toEqual(['', '', '']);
    expect(missingRequiredFields(blank)).toEqual(['employeeNumber', 'nameKanji', 'nameKana', 'workPrefecture']);
    expect(missingRequiredFields({ ...filled, nameKanji: '  ' })).toEqual(['nameKanji']);
    expect(missingRequiredFields(filled)).toEqual([]);
  });

  it('is sent trimmed, without the optional fields left empty', () => {
    expect(newEmployeeBody({ ...filled, companyEmail: '  ', mobilePhone: '' })).toEqual({ employeeNumber: 'E100', nameKanji: '佐藤 花子', nameKana: 'サトウ ハナコ', workPrefecture: '13', language: 'en' });
  });

  it('carries the optional fields that were filled in, and its departments', () => {
    const values = {
      ...filled,
      companyEmail: ' hanako@example.jp ',
      privateEmails: ['', ' hanako@home.example', ''],
      mobilePhone: ' +819012345678',
      lineUserId: 'U0123456789abcdef0123456789abcdef',
      homePrefecture: '11',
      departmentIds: ['sales', 'support'],
    };
    expect(newEmployeeBody(values)).toEqual({
      employeeNumber: 'E100',
      nameKanji: '佐藤 花子',
      nameKana: 'サトウ ハナコ',
      workPrefecture: '13',
      language: 'en',
      companyEmail: 'hanako@example.jp',
      privateEmails: ['hanako@home.example'],
      mobilePhone: '+819012345678',
      lineUserId: 'U0123456789abcdef0123456789abcdef',
      homePrefecture: '11',
      departmentIds: ['sales', 'support'],
    });
  });

  it('recognises the refusal of an employee number someone already has', () => {
    const taken = new ApiError(409, 'Conflict', 'employeeNumber is already in use', 'r3', [{ path: 'employeeNumber', message: 'already in use' }]);
    expect(isDuplicateEmployeeNumber(taken)).toBe(true);
    expect(isDuplicateEmployeeNumber(new ApiError(409, 'Conflict', "this employee's personal data was purged after off-boarding; the record cannot be changed"))).toBe(false);
    expect(isDuplicateEmployeeNumber(new ApiError(400, 'Bad Request', 'validation failed', 'r4', [{ path: 'employeeNumber', message: 'letters, digits, _ . -' }]))).toBe(false);
  });
});

describe('isDirectoryEditor', () => {
  it('lets owners, admins and department admins edit, not members', () => {
    expect(['owner', 'admin', 'department_admin', 'member', undefined].map(isDirectoryEditor)).toEqual([true, true, true, false, false]);
  });
});
