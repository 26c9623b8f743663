import { breakdownChanges } from './breakdown-counters';
import { breakdownKeysOf } from './breakdown-keys';

describe('breakdownKeysOf', () => {
  it('counts a recipient under every department above them and both prefectures, in one order', () => {
    expect(breakdownKeysOf({ departmentScope: ['d-team', 'd-root', 'd-root'], workPrefecture: '13', homePrefecture: '11' })).toEqual([
      { dimension: 'department', key: 'd-root' },
      { dimension: 'department', key: 'd-team' },
      { dimension: 'home_prefecture', key: '11' },
      { dimension: 'work_prefecture', key: '13' },
    ]);
  });

  it('puts people with no department or home prefecture under "none"', () => {
    expect(breakdownKeysOf({ departmentScope: [], workPrefecture: '27', homePrefecture: null })).toEqual([
      { dimension: 'department', key: 'none' },
      { dimension: 'home_prefecture', key: 'none' },
      { dimension: 'work_prefecture', key: '27' },
    ]);
  });
});

describe('breakdownChanges', () => {
  const placement = { departmentScope: ['d2', 'd1'], workPrefecture: '13', homePrefecture: null };
  const moved = [
    { questionId: 'safety', choiceId: 'safe', delta: -1 },
    { questionId: 'safety', choiceId: 'injured', delta: 1 },
  ];

  it('counts a first answer as responded under every key', () => {
    expect(breakdownChanges(placement, true, []).responded.map((key) => key.key)).toEqual(['d1', 'd2', 'none', '13']);
  });

  it('moves a changed answer under every key, in one fixed order, without counting a new responder', () => {
    const changes = breakdownChanges(placement, false, moved);
    expect(changes.responded).toEqual([]);
    expect(changes.choices.map((row) => `${row.key}:${row.choiceId}:${row.delta}`)).toEqual([
      'd1:injured:1',
      'd1:safe:-1',
      'd2:injured:1',
      'd2:safe:-1',
      'none:injured:1',
      'none:safe:-1',
      '13:injured:1',
      '13:safe:-1',
    ]);
  });
});
