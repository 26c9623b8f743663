import { loadDraft, newDraft, requestOf, saveDraft, targetOf } from './compose-draft';

class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

describe('the compose draft', () => {
  it('survives a round trip through storage with its idempotency key (a re-send after logging in again is the same alert)', () => {
    const storage = new MemoryStorage();
    const draft = { ...newDraft(() => 'key-1'), title: '宮城県で震度6強', message: '回答してください', targetKind: 'prefectures' as const, prefectureCodes: ['04'] };
    saveDraft(storage, draft);
    expect(loadDraft(storage)).toEqual(draft);
  });

  it('ignores a damaged stored draft', () => {
    const storage = new MemoryStorage();
    storage.setItem('anpi.composeDraft', '{not json');
    expect(loadDraft(storage)).toBeUndefined();
  });

  it('has no target and no request until the form is complete', () => {
    const draft = newDraft(() => 'key-2');
    expect(targetOf({ ...draft, targetKind: 'departments' })).toBeUndefined();
    expect(requestOf(draft)).toBeUndefined();
    expect(requestOf({ ...draft, title: ' t ', message: ' m ', channels: [] })).toBeUndefined();
    expect(requestOf({ ...draft, title: ' t ', message: ' m ', targetKind: 'prefectures', prefectureCodes: ['04', '13'], match: 'work' })).toEqual({
      title: 't',
      message: 'm',
      target: { kind: 'prefectures', prefectureCodes: ['04', '13'], match: 'work' },
      channels: ['email'],
      drill: false,
      resend: { intervalMinutes: 15, maxRounds: 4 },
    });
  });

  it('targets the chosen groups, and none until one is chosen', () => {
    const draft = { ...newDraft(() => 'key-3'), targetKind: 'groups' as const };
    expect(targetOf(draft)).toBeUndefined();
    expect(targetOf({ ...draft, groupIds: ['g-1', 'g-2'] })).toEqual({ kind: 'groups', groupIds: ['g-1', 'g-2'] });
  });

  it('targets the chosen people by id only (their names and numbers stay in the browser), and nobody until someone is chosen', () => {
    const draft = { ...newDraft(() => 'key-4'), targetKind: 'employees' as const };
    expect(targetOf(draft)).toBeUndefined();
    const people = [
      { id: 'e-1', employeeNumber: 'A001', name: '出張 一郎' },
      { id: 'e-2', employeeNumber: 'A002', name: '出張 二郎' },
    ];
    expect(targetOf({ ...draft, people })).toEqual({ kind: 'employees', employeeIds: ['e-1', 'e-2'] });
    expect(requestOf({ ...draft, people, title: 't', message: 'm' })?.target).toEqual({ kind: 'employees', employeeIds: ['e-1', 'e-2'] });
  });

  it('keeps the chosen groups and people, with the names the list shows, through a reload', () => {
    const storage = new MemoryStorage();
    const draft = { ...newDraft(() => 'key-5'), targetKind: 'employees' as const, groupIds: ['g-1'], people: [{ id: 'e-1', employeeNumber: 'A001', name: '出張 一郎' }] };
    saveDraft(storage, draft);
    expect(loadDraft(storage)).toEqual(draft);
  });

  it('reads a draft saved before groups and people could be chosen as choosing none', () => {
    const storage = new MemoryStorage();
    const { groupIds: _groups, people: _people, ...older } = { ...newDraft(() => 'key-6'), targetKind: 'departments' as const, departmentIds: ['d-1'] };
    storage.setItem('anpi.composeDraft', JSON.stringify(older));
    expect(loadDraft(storage)).toEqual({ ...older, groupIds: [], people: [] });
  });
});
