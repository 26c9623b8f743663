import { readAnswerForm } from './answer-form';
import { Question } from './question-set';

const questions: Question[] = [
  {
    id: 'safety',
    kind: 'choice',
    label: { ja: '安否', en: 'Safety' },
    required: true,
    choices: [
      { id: 'safe', label: { ja: '無事', en: 'Safe' } },
      { id: 'minor_injury', label: { ja: '軽傷', en: 'Minor' } },
    ],
  },
  { id: 'comment', kind: 'text', label: { ja: 'コメント', en: 'Comment' }, required: false, maxLength: 5 },
];

describe('readAnswerForm', () => {
  it('accepts a complete answer and trims text', () => {
    expect(readAnswerForm(questions, { safety: 'safe', comment: ' 無事です ' })).toEqual({ ok: true, answers: { safety: 'safe', comment: '無事です' } });
  });

  it('leaves out optional questions left blank', () => {
    expect(readAnswerForm(questions, { safety: 'minor_injury', comment: '  ' })).toEqual({ ok: true, answers: { safety: 'minor_injury' } });
  });

  it('counts characters, not bytes', () => {
    expect(readAnswerForm(questions, { safety: 'safe', comment: '一二三四五' })).toMatchObject({ ok: true });
    expect(readAnswerForm(questions, { safety: 'safe', comment: '一二三四五六' })).toEqual({ ok: false, problems: [{ questionId: 'comment', problem: 'too-long' }] });
  });

  it.each([
    ['a missing required answer', { comment: 'x' }, [{ questionId: 'safety', problem: 'required' }]],
    ['a value that is not a choice', { safety: 'dead' }, [{ questionId: 'safety', problem: 'not-a-choice' }]],
    ['a question that does not exist', { safety: 'safe', salary: '1' }, [{ questionId: 'salary', problem: 'unknown-question' }]],
    ['a field sent twice', { safety: ['safe', 'minor_injury'] }, [{ questionId: 'safety', problem: 'repeated' }]],
  ])('refuses %s as a whole', (_case, form, problems) => {
    expect(readAnswerForm(questions, form)).toEqual({ ok: false, problems });
  });
});
