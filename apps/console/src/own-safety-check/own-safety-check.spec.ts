import { ApiError } from '../api/api-error';
import type { MySafetyCheck, MySafetyChecks } from '../api/responses-api';
import { linkStatusKey, ownAnswerRefusalKey, withOwnAnswer } from './own-safety-check';

const check = (alertId: string, overrides: Partial<MySafetyCheck> = {}): MySafetyCheck => ({
  alertId,
  title: '震度6強',
  message: '回答してください',
  drill: false,
  closesAt: '2031-03-12T06:46:00.000Z',
  questions: [],
  answer: null,
  ...overrides,
});

describe('ownAnswerRefusalKey', () => {
  it('names a closed safety check, one that did not ask the person, and an account no longer linked', () => {
    expect(ownAnswerRefusalKey(new ApiError(410, 'Gone', 'this safety check has closed'))).toBe('ownSafetyCheck.closed');
    expect(ownAnswerRefusalKey(new ApiError(404, 'Not Found', 'this safety check did not ask you'))).toBe('ownSafetyCheck.notAsked');
    expect(ownAnswerRefusalKey(new ApiError(403, 'Forbidden', 'your account is not linked'))).toBe('ownSafetyCheck.notLinked');
  });

  it('leaves refused answers to their questions and every other error to the usual description', () => {
    expect(ownAnswerRefusalKey(new ApiError(400, 'Bad Request', 'invalid', 'r1', [{ path: 'answers.safety', message: 'required', rule: 'required' }]))).toBeUndefined();
    expect(ownAnswerRefusalKey(new ApiError(0, 'network', 'network error'))).toBeUndefined();
    expect(ownAnswerRefusalKey(undefined)).toBeUndefined();
  });
});

describe('withOwnAnswer', () => {
  const list: MySafetyChecks = { linked: true, safetyChecks: [check('a1'), check('a2', { answer: { answers: { safety: 'safe' }, revision: 1, firstAnsweredAt: 't0', answeredAt: 't0' } })] };

  it('puts the saved answer on its safety check only, without the alert id the service echoes', () => {
    const saved = { alertId: 'a2', answers: { safety: 'minor_injury' }, revision: 2, firstAnsweredAt: 't0', answeredAt: 't1' };
    const next = withOwnAnswer(list, 'a2', saved);
    expect(next.safetyChecks[1].answer).toEqual({ answers: { safety: 'minor_injury' }, revision: 2, firstAnsweredAt: 't0', answeredAt: 't1' });
    expect(next.safetyChecks[0]).toBe(list.safetyChecks[0]);
    expect(list.safetyChecks[1].answer?.revision).toBe(1);
  });

  it('changes nothing for a safety check no longer listed', () => {
    expect(withOwnAnswer(list, 'gone', { answers: {}, revision: 1, firstAnsweredAt: 't', answeredAt: 't' })).toEqual(list);
  });
});

describe('linkStatusKey', () => {
  it('says whether the account is linked once known', () => {
    expect(linkStatusKey({ linked: true, safetyChecks: [] })).toBe('settings.directoryPersonLinked');
    expect(linkStatusKey({ linked: false, safetyChecks: [] })).toBe('settings.directoryPersonNotLinked');
    expect(linkStatusKey(undefined)).toBeUndefined();
  });
});
