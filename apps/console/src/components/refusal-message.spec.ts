import { ApiError } from '../api/api-error';
import { refusalMessageKey } from './refusal-message';

describe('a refusal in the console words', () => {
  it('says a failed validation in general words, the fields being explained one by one', () => {
    const refused = new ApiError(400, 'Bad Request', 'validation failed', undefined, [{ path: 'nameKana', message: 'kana only', rule: 'format', format: 'pattern' }]);
    expect(refusalMessageKey(refused)).toBe('error.refused');
  });

  it('says a value is already in use (an employee number, an e-mail address)', () => {
    const taken = new ApiError(409, 'Conflict', 'employeeNumber is already in use', undefined, [{ path: 'employeeNumber', message: 'already in use', rule: 'taken' }]);
    expect(refusalMessageKey(taken)).toBe('error.taken');
  });

  it('says a person whose data was purged after off-boarding cannot be changed', () => {
    const purged = new ApiError(409, 'Conflict', "this employee's personal data was purged after off-boarding; the record cannot be changed");
    expect(refusalMessageKey(purged)).toBe('error.employeePurged');
  });

  it('leaves everything else to the general wording', () => {
    expect(refusalMessageKey(new ApiError(400, 'Bad Request', 'validation failed'))).toBeUndefined();
    expect(refusalMessageKey(new ApiError(409, 'Conflict', 'the department still has members; move them first'))).toBeUndefined();
    expect(refusalMessageKey(new ApiError(403, 'Forbidden', 'not allowed'))).toBeUndefined();
    expect(refusalMessageKey(new Error('offline'))).toBeUndefined();
  });
});
