import { ApiError } from '../api/api-error';
import type { Question } from '../api/dispatch-api';
import { answerInWords, answerProblemsOf, answersBody, emptyValues, isLongText, valuesOf } from './answer-form';

const choice = (id: string, ja: string, en: string) => ({ id, label: { ja, en } });

const questions: Question[] = [
  { id: 'safety', kind: 'choice', label: { ja: 'あなたの安否', en: 'Are you safe?' }, required: true, choices: [choice('safe', '無事', 'Safe'), choice('minor_injury', '軽傷', 'Minor injury')] },
  { id: 'location', kind: 'text', label: { ja: '現在地', en: 'Where are you now?' }, required: false, maxLength: 200 },
  { id: 'comment', kind: 'text', label: { ja: 'コメント', en: 'Comment' }, required: false, maxLength: 500 },
];

describe('emptyValues', () => {
  it('has every question unanswered', () => {
    expect(emptyValues(questions)).toEqual({ safety: '', location: '', comment: '' });
  });
});

describe('valuesOf', () => {
  it('fills the form with the answer given before, questions it left out empty', () => {
    expect(valuesOf(questions, { safety: 'minor_injury', comment: '足をけが' })).toEqual({ safety: 'minor_injury', location: '', comment: '足をけが' });
  });

  it('is the empty form when nothing was answered yet, and ignores answers to questions the alert does not ask', () => {
    expect(valuesOf(questions, null)).toEqual(emptyValues(questions));
    expect(valuesOf(questions, { stale: 'x' })).toEqual(emptyValues(questions));
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

describe('answerInWords', () => {
  it('names each answered question and the choice by its label, in the console’s language and the alert’s order', () => {
    const answers = { comment: '家族も無事', safety: 'minor_injury' };
    expect(answerInWords(questions, answers, 'ja')).toEqual([
      { questionId: 'safety', question: 'あなたの安否', answer: '軽傷' },
      { questionId: 'comment', question: 'コメント', answer: '家族も無事' },
    ]);
    expect(answerInWords(questions, answers, 'en')[0]).toEqual({ questionId: 'safety', question: 'Are you safe?', answer: 'Minor injury' });
  });

  it('leaves out what was not answered and shows a choice the alert no longer has as stored', () => {
    expect(answerInWords(questions, { safety: 'gone', location: '' }, 'en')).toEqual([{ questionId: 'safety', question: 'Are you safe?', answer: 'gone' }]);
    expect(answerInWords(questions, {}, 'en')).toEqual([]);
  });
});
