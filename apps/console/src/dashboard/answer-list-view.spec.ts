import type { Question } from '../api/dispatch-api';
import { answerFilterOptions, choicesInWords, writtenAnswers } from './answer-list-view';

const choice = (id: string, ja: string, en: string) => ({ id, label: { ja, en } });
const questions: Question[] = [
  { id: 'safety', kind: 'choice', label: { ja: 'あなたの安否', en: 'Are you safe?' }, choices: [choice('safe', '無事', 'Safe'), choice('minor_injury', '軽傷', 'Minor injury'), choice('serious_injury', '重傷', 'Serious injury')] },
  { id: 'can_work', kind: 'choice', label: { ja: '出社', en: 'Work' }, choices: [choice('yes', '可能', 'Yes'), choice('no', '不可能', 'No')] },
  { id: 'location', kind: 'text', label: { ja: '現在地', en: 'Where' } },
  { id: 'comment', kind: 'text', label: { ja: 'コメント', en: 'Comment' } },
];
const otherThan = (question: string, usual: string) => `${question}: ${usual} 以外`;

describe('the answer list', () => {
  it('offers the people who may need help first, then every single choice of every choice question', () => {
    const options = answerFilterOptions(questions, 'ja', otherThan);
    expect(options[0]).toEqual({ key: 'safety:not:safe', label: 'あなたの安否: 無事 以外', filter: { question: 'safety', choices: ['minor_injury', 'serious_injury'] } });
    expect(options.slice(1).map((option) => option.label)).toEqual(['あなたの安否: 無事', 'あなたの安否: 軽傷', 'あなたの安否: 重傷', '出社: 可能', '出社: 不可能']);
    expect(options.find((option) => option.key === 'can_work:no')?.filter).toEqual({ question: 'can_work', choices: ['no'] });
    expect(new Set(options.map((option) => option.key)).size).toBe(options.length);
  });

  it('offers nothing for a question set without choice questions, and no "other than" for a single choice', () => {
    expect(answerFilterOptions([questions[2]], 'en', otherThan)).toEqual([]);
    const single: Question[] = [{ id: 'ok', kind: 'choice', label: { ja: '確認', en: 'OK' }, choices: [choice('yes', 'はい', 'Yes')] }];
    expect(answerFilterOptions(single, 'en', otherThan).map((option) => option.key)).toEqual(['ok:yes']);
  });

  it('words the choices in the alert’s order and keeps a choice the set no longer knows as stored', () => {
    expect(choicesInWords(questions, { can_work: 'no', safety: 'serious_injury', comment: 'x' }, 'ja')).toBe('重傷 / 不可能');
    expect(choicesInWords(questions, { safety: 'retired_choice' }, 'en')).toBe('retired_choice');
  });

  it('joins what they wrote, skipping blanks', () => {
    expect(writtenAnswers(questions, { safety: 'safe', location: ' 自宅 ', comment: '   ' })).toBe('自宅');
    expect(writtenAnswers(questions, { location: '石巻', comment: '足を骨折' })).toBe('石巻 / 足を骨折');
  });
});
