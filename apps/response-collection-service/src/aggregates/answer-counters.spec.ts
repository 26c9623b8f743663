import { Question } from '../answer-page/question-set';
import { BUCKET_SECONDS, choiceDeltas, counterChanges } from './answer-counters';

const questions: Question[] = [
  { id: 'safety', kind: 'choice', required: true, label: { ja: '', en: '' }, choices: [] },
  { id: 'can_work', kind: 'choice', required: false, label: { ja: '', en: '' }, choices: [] },
  { id: 'comment', kind: 'text', required: false, maxLength: 10, label: { ja: '', en: '' } },
];

describe('choiceDeltas', () => {
  it('counts every choice of a first answer, never text', () => {
    expect(choiceDeltas(questions, {}, { safety: 'safe', can_work: 'yes', comment: 'x' })).toEqual([
      { questionId: 'safety', choiceId: 'safe', delta: 1 },
      { questionId: 'can_work', choiceId: 'yes', delta: 1 },
    ]);
  });

  it('moves a changed answer from the old choice to the new one', () => {
    expect(choiceDeltas(questions, { safety: 'safe', can_work: 'yes' }, { safety: 'serious_injury', can_work: 'yes' })).toEqual([
      { questionId: 'safety', choiceId: 'safe', delta: -1 },
      { questionId: 'safety', choiceId: 'serious_injury', delta: 1 },
    ]);
  });

  it('takes back a choice that was left blank the second time', () => {
    expect(choiceDeltas(questions, { safety: 'safe', can_work: 'later' }, { safety: 'safe' })).toEqual([{ questionId: 'can_work', choiceId: 'later', delta: -1 }]);
  });
});

describe('counterChanges', () => {
  const placement = { departmentScope: ['d1'], workPrefecture: '13', homePrefecture: null };

  it('counts a first answer as responded, in its time bucket, with its choices in a fixed order', () => {
    const changes = counterChanges({ questions, current: { safety: 'safe', can_work: 'yes' }, firstAnswer: true, secondsSinceOpen: 2.5 * BUCKET_SECONDS, placement });
    expect(changes.bucket).toBe(2);
    expect(changes.choices.map((delta) => `${delta.questionId}=${delta.choiceId}`)).toEqual(['can_work=yes', 'safety=safe']);
    expect(changes.responded.map((key) => key.key)).toEqual(['d1', 'none', '13']);
    expect(changes.breakdownChoices).toHaveLength(3 * 2);
  });

  it('moves only the changed choice of a later answer and counts nobody as responded again', () => {
    const changes = counterChanges({ questions, previous: { safety: 'safe' }, current: { safety: 'serious_injury' }, firstAnswer: false, secondsSinceOpen: -5, placement });
    expect(changes.bucket).toBe(0);
    expect(changes.responded).toEqual([]);
    expect(changes.choices).toEqual([
      { questionId: 'safety', choiceId: 'safe', delta: -1 },
      { questionId: 'safety', choiceId: 'serious_injury', delta: 1 },
    ]);
    expect(changes.breakdownChoices.reduce((sum, row) => sum + row.delta, 0)).toBe(0);
  });
});
