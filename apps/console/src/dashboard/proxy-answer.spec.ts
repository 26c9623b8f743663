import { ApiError } from '../api/api-error';
import type { Question } from '../api/dispatch-api';
import { answerProblemsOf, answersBody, canRecordAnswers, emptyValues, isLongText, refusalKey } from './proxy-answer';

const choice = (id: string, ja: string, en: string) => ({ id, label: { ja, en } });

const questions: Question[] = [
  { id: 'safety', kind: 'choice', label: { ja: 'あなたの安否', en: 'Are you safe?' }, required: true, choices: [choice('safe', '無事', 'Safe'), choice('minor_injury', '軽傷', 'Minor injury')] },
  { id: 'location', kind: 'text', label: { ja: '現在地', en: 'Where are you now?' }, required: false, maxLength: 200 },
  { id: 'comment', kind: 'text', label: { ja: 'コメント', en: 'Comment' }, required: false, maxLength: 500 },
];

describe('canRecordAnswers', () => {
  it('is for owners, admins and department admins only', () => {
    expect(['owner', 'admin', 'department_admin'].map(canRecordAnswers)).toEqual([true, true, true]);
    expect(canRecordAnswers('member')).toBe(false);
    expect(canRecordAnswers(undefined)).toBe(false);
  });
});

describe('emptyValues', () => {
  it('has every question unanswered', () => {
    expect(emptyValues(questions)).toEqual({ safety: '', location: '', comment: '' });
  });
});

describe('isLongText', () => {
  it('gives a text area to text questions that take more than a line', () => {
    expect(questions.map(isLongText)).toEqual([false, false, true]);
    expect(isLongText({ id: 'note', kind: 'text', label: { ja: 'メモ', en: 'Note' } })).toBe(true);
  });
});

describe('answersBody', () => {
  it('sends the chosen choice ids and the text trimmed', () => {
    expect(answersBody(questions, { safety: 'safe', location: ' 自宅 ', comment: '電話で確認\n家族も無事' })).toEqual({ safety: 'safe', location: '自宅', comment: '電話で確認\n家族も無事' });
  });

  it('leaves out what is not answered, blank text included, so the service judges what is missing', () => {
    expect(answersBody(questions, { safety: '', location: '   ', comment: 'x' })).toEqual({ comment: 'x' });
    expect(answersBody(questions, emptyValues(questions))).toEqual({});
  });

  it('sends only the questions of the alert', () => {
    expect(answersBody(questions, { safety: 'safe', stale: 'left over' })).toEqual({ safety: 'safe' });
  });
});

describe('answerProblemsOf', () => {
  const refused = new ApiError(400, 'Bad Request', 'the answers were refused', 'r1', [
    { path: 'answers.safety', message: 'an answer is required', rule: 'required' },
    { path: 'answers.location', message: 'too long' },
    { path: 'answers.location', message: 'not a text' },
    { path: 'answers.weather', message: 'unknown question' },
    { path: 'answers', message: 'expected an object' },
  ]);

  it("puts the service's word under the question it names, several for one question together", () => {
    expect(answerProblemsOf(refused, questions, 'en').byQuestion).toEqual({ safety: 'Required.', location: 'too long / not a text' });
  });

  it('says the rule the service names in the console’s language', () => {
    expect(answerProblemsOf(refused, questions, 'ja').byQuestion.safety).toBe('入力してください。');
  });

  it('keeps apart what no question of the form can show', () => {
    expect(answerProblemsOf(refused, questions, 'en').elsewhere).toEqual([
      ['answers.weather', 'unknown question'],
      ['answers', 'expected an object'],
    ]);
  });

  it('has nothing for errors that are not the service refusing answers', () => {
    const none = { byQuestion: {}, elsewhere: [] };
    expect(answerProblemsOf(new ApiError(410, 'Gone', 'alert closed'), questions, 'ja')).toEqual(none);
    expect(answerProblemsOf(new TypeError('boom'), questions, 'ja')).toEqual(none);
    expect(answerProblemsOf(undefined, questions, 'ja')).toEqual(none);
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
