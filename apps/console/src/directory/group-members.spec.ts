import { candidatesFor, GroupMember, groupPatch, membersBody, membersChanged, withMember, withoutMember } from './group-members';

const sato: GroupMember = { id: 'e1', employeeNumber: '0001', nameKanji: '佐藤 一郎' };
const suzuki: GroupMember = { id: 'e2', employeeNumber: '0002', nameKanji: '鈴木 花子' };
const tanaka: GroupMember = { id: 'e3', employeeNumber: '0003', nameKanji: '田中 次郎' };

describe('group member list', () => {
  it('adds a person at the end, once', () => {
    expect(withMember([sato], suzuki)).toEqual([sato, suzuki]);
    expect(withMember([sato, suzuki], sato)).toEqual([sato, suzuki]);
  });

  it('removes a person, keeping the order of the others', () => {
    expect(withoutMember([sato, suzuki, tanaka], 'e2')).toEqual([sato, tanaka]);
    expect(withoutMember([sato], 'nobody')).toEqual([sato]);
  });

  it('sends the complete list, each person once (the service replaces the membership)', () => {
    expect(membersBody([sato, tanaka])).toEqual({ employeeIds: ['e1', 'e3'] });
    expect(membersBody([])).toEqual({ employeeIds: [] });
  });

  it('tells whether the list differs from the stored one, whatever the order', () => {
    expect(membersChanged(['e1', 'e2'], [suzuki, sato])).toBe(false);
    expect(membersChanged(['e1', 'e2'], [sato])).toBe(true);
    expect(membersChanged(['e1'], [sato, tanaka])).toBe(true);
    expect(membersChanged([], [])).toBe(false);
  });

  it('offers only people not in the group yet', () => {
    expect(candidatesFor([sato, suzuki, tanaka], [suzuki])).toEqual([sato, tanaka]);
  });
});

describe('groupPatch', () => {
  it('sends only the changed fields, trimmed', () => {
    const group = { name: '危機対策本部', description: '' };
    expect(groupPatch(group, { name: '危機対策本部', description: '' })).toEqual({});
    expect(groupPatch(group, { name: ' 出張者 ', description: '今週' })).toEqual({ name: '出張者', description: '今週' });
  });
});
