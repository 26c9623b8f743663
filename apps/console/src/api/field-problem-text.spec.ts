import { ApiError } from './api-error';
import { fieldErrorsOf, fieldProblemText } from './field-problem-text';

describe('fieldProblemText', () => {
  it('puts the rule the service names in the console’s words, with its bound', () => {
    expect(fieldProblemText({ path: 'nameKanji', message: 'Too big: expected string to have <=100 characters', rule: 'too-long', maximum: 100 }, 'ja')).toBe('100文字以内で入力してください。');
    expect(fieldProblemText({ path: 'nameKanji', message: 'Too big: expected string to have <=100 characters', rule: 'too-long', maximum: 100 }, 'en')).toBe('At most 100 characters.');
    expect(fieldProblemText({ path: 'privateEmails', message: 'at most 3 private e-mail addresses', rule: 'too-many', maximum: 3 }, 'ja')).toBe('3件までです。');
    expect(fieldProblemText({ path: 'employeeNumber', message: 'Too small', rule: 'required' }, 'ja')).toBe('入力してください。');
    expect(fieldProblemText({ path: 'employeeNumber', message: 'already in use', rule: 'taken' }, 'ja')).toBe('すでに使われています。');
    expect(fieldProblemText({ path: '(body)', message: 'Unrecognized key: "plan"', rule: 'unknown-fields', fields: ['plan'] }, 'en')).toBe('Not a field here: plan');
  });

  it('names the format: an e-mail address, or the directory’s patterns by the field they check, wherever it sits in a list', () => {
    expect(fieldProblemText({ path: 'privateEmails.1', message: 'Invalid email address', rule: 'format', format: 'email' }, 'ja')).toBe('メールアドレスの形式が正しくありません。');
    expect(fieldProblemText({ path: 'nameKana', message: 'kana only', rule: 'format', format: 'pattern' }, 'ja')).toBe('カタカナかひらがなで入力してください。');
    expect(fieldProblemText({ path: 'mobilePhone', message: 'E.164, e.g. +819012345678', rule: 'format', format: 'pattern' }, 'en')).toBe('International format, e.g. +819012345678.');
    expect(fieldProblemText({ path: 'departmentIds.0', message: 'Invalid UUID', rule: 'format', format: 'uuid' }, 'ja')).toBe('形式が正しくありません。');
    expect(fieldProblemText({ path: 'roles.2', message: 'lower-case label, e.g. crisis_team', rule: 'format', format: 'pattern' }, 'ja')).toBe('形式が正しくありません。');
  });

  it('keeps the service’s message where it names no rule, or one this console does not know', () => {
    expect(fieldProblemText({ path: 'parentId', message: 'a department cannot move under itself' }, 'ja')).toBe('a department cannot move under itself');
    expect(fieldProblemText({ path: 'x', message: 'something new', rule: 'from-the-future' as never }, 'ja')).toBe('something new');
    expect(fieldProblemText({ path: 'constructor', message: 'odd', rule: 'constructor' as never }, 'ja')).toBe('odd');
    expect(fieldProblemText({ path: 'constructor', message: 'odd', rule: 'format', format: 'constructor' }, 'en')).toBe('Wrong format.');
    expect(fieldProblemText({ path: 'constructor', message: 'odd', rule: 'format', format: 'pattern' }, 'en')).toBe('Wrong format.');
  });
});

describe('fieldErrorsOf', () => {
  const refused = new ApiError(400, 'Bad Request', 'validation failed', 'r1', [
    { path: 'nameKana', message: 'kana only', rule: 'format', format: 'pattern' },
    { path: 'privateEmails.1', message: 'Invalid email address', rule: 'format', format: 'email' },
    { path: 'mobilePhone', message: 'E.164, e.g. +819012345678', rule: 'format', format: 'pattern' },
    { path: 'mobilePhone', message: 'a custom check' },
  ]);

  it('puts each problem under its field in the console’s language, several for one field together', () => {
    expect(fieldErrorsOf(refused, 'ja')).toEqual({
      nameKana: 'カタカナかひらがなで入力してください。',
      'privateEmails.1': 'メールアドレスの形式が正しくありません。',
      mobilePhone: '国際形式で入力してください（例: +819012345678）。 / a custom check',
    });
  });

  it('keeps the service’s words when no language is asked for, and has nothing for other errors', () => {
    expect(fieldErrorsOf(refused).nameKana).toBe('kana only');
    expect(fieldErrorsOf(new TypeError('boom'), 'ja')).toEqual({});
    expect(fieldErrorsOf(undefined, 'en')).toEqual({});
  });
});

