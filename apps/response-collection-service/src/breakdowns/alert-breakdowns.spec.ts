import { toBreakdownRows } from './alert-breakdowns';

describe('toBreakdownRows', () => {
  it('joins each counter row with its choice counts and a rate', () => {
    const rows = toBreakdownRows(
      [
        { dimension: 'department', key: 'd1', recipients: 4, responded: 1 },
        { dimension: 'work_prefecture', key: '13', recipients: 0, responded: 0 },
      ],
      [
        { dimension: 'department', key: 'd1', question_id: 'safety', choice_id: 'safe', answers: 1 },
        { dimension: 'work_prefecture', key: '27', question_id: 'safety', choice_id: 'safe', answers: 1 },
      ],
    );
    expect(rows).toEqual([
      { dimension: 'department', key: 'd1', recipients: 4, responded: 1, responseRate: 0.25, answers: { safety: { safe: 1 } } },
      { dimension: 'work_prefecture', key: '13', recipients: 0, responded: 0, responseRate: 0, answers: {} },
    ]);
  });
});
