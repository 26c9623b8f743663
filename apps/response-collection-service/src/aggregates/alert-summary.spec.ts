import { summarise } from './alert-summary';

describe('summarise', () => {
  it('turns counters into rates, a cumulative curve and a median', () => {
    const summary = summarise(
      'a',
      { recipients: 10, responded: 4 },
      [
        { question_id: 'safety', choice_id: 'safe', answers: 3 },
        { question_id: 'safety', choice_id: 'serious_injury', answers: 1 },
      ],
      [
        { bucket: 0, answers: 1 },
        { bucket: 2, answers: 2 },
        { bucket: 9, answers: 1 },
      ],
    );
    expect(summary).toEqual({
      alertId: 'a',
      recipients: 10,
      responded: 4,
      responseRate: 0.4,
      answers: { safety: { safe: 3, serious_injury: 1 } },
      timeline: [
        { secondsSinceOpen: 10, responded: 1 },
        { secondsSinceOpen: 30, responded: 3 },
        { secondsSinceOpen: 100, responded: 4 },
      ],
      medianSecondsToAnswer: 30,
    });
  });

  it('has no rate or median before anyone is asked or answers', () => {
    expect(summarise('a', { recipients: 0, responded: 0 }, [], [])).toMatchObject({ responseRate: 0, timeline: [], medianSecondsToAnswer: null });
  });
});
