import { ApiError } from '../api/api-error';
import { canRecordAnswers, refusalKey } from './proxy-answer';

describe('canRecordAnswers', () => {
  it('is for owners, admins and department admins only', () => {
    expect(['owner', 'admin', 'department_admin'].map(canRecordAnswers)).toEqual([true, true, true]);
    expect(canRecordAnswers('member')).toBe(false);
    expect(canRecordAnswers(undefined)).toBe(false);
  });
});

describe('refusalKey', () => {
  it('names a closed safety check, a person who is not among its recipients, and one who answered meanwhile', () => {
    expect(refusalKey(new ApiError(410, 'Gone', 'alert closed'))).toBe('proxyAnswer.alertClosed');
    expect(refusalKey(new ApiError(412, 'Precondition Failed', 'this person has answered meanwhile'))).toBe('proxyAnswer.answeredMeanwhile');
    expect(refusalKey(new ApiError(404, 'Not Found', 'not a recipient of this alert'))).toBe('proxyAnswer.notRecipient');
  });

  it('leaves every other error to the usual description', () => {
    expect(refusalKey(new ApiError(403, 'Forbidden', 'outside your departments'))).toBeUndefined();
    expect(refusalKey(new ApiError(400, 'Bad Request', 'invalid'))).toBeUndefined();
    expect(refusalKey(new ApiError(0, 'network', 'network error'))).toBeUndefined();
    expect(refusalKey(undefined)).toBeUndefined();
  });
});
