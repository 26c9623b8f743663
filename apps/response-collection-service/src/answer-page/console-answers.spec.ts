import { answersDoNotFit, answerView, consoleAnswerBodySchema } from './console-answers';

describe('console answers', () => {
  it('refuses with one detail per question, at answers.<question id>, with the rule a client can translate', () => {
    const refusal = answersDoNotFit([
      { questionId: 'safety', problem: 'not-a-choice' },
      { questionId: 'mood', problem: 'unknown-question' },
    ]);
    expect(refusal.getStatus()).toBe(400);
    expect(refusal.getResponse()).toEqual({
      message: 'the answers do not fit this safety check',
      details: [
        { path: 'answers.safety', message: 'not one of the choices', rule: 'one-of' },
        { path: 'answers.mood', message: 'no such question in this safety check' },
      ],
    });
  });

  it('reads only answers: no other fields, no over-long ids or texts', () => {
    expect(consoleAnswerBodySchema.safeParse({ answers: { safety: 'safe' } }).success).toBe(true);
    expect(consoleAnswerBodySchema.safeParse({ answers: { safety: 'safe' }, via: 'page' }).success).toBe(false);
    expect(consoleAnswerBodySchema.safeParse({ answers: { ['q'.repeat(65)]: 'safe' } }).success).toBe(false);
    expect(consoleAnswerBodySchema.safeParse({ answers: { comment: 'あ'.repeat(4_001) } }).success).toBe(false);
  });

  it('shows a recorded answer with ISO times', () => {
    const at = new Date('2031-03-11T05:46:00.000Z');
    expect(answerView({ answers: { safety: 'safe' }, revision: 2, firstAnsweredAt: at, answeredAt: new Date(at.getTime() + 60_000) })).toEqual({
      answers: { safety: 'safe' },
      revision: 2,
      firstAnsweredAt: '2031-03-11T05:46:00.000Z',
      answeredAt: '2031-03-11T05:47:00.000Z',
    });
  });
});
