import { Question } from '../answer-page/question-set';
import { choiceDeltas } from './answer-counters';

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
