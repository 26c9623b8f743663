import { canWiden, withinLimits, loadDraft, newDraft, requestOf, saveDraft, targetOf } from './compose-draft';

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
      autoCloseAfterHours: 72,
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
    expect(loadDraft(storage)).toEqual({ ...older, groupIds: [], people: [], autoCloseAfterHours: 72, widenToAll: false, widenAfterMinutes: 60 });
  });

  it('reads a draft saved before closing and widening could be set as the defaults: closing after 72 hours, never widened', () => {
    const storage = new MemoryStorage();
    const { autoCloseAfterHours: _close, widenToAll: _widen, widenAfterMinutes: _after, ...older } = { ...newDraft(() => 'key-7'), targetKind: 'groups' as const, groupIds: ['g-1'], channels: ['sms' as const, 'email' as const] };
    storage.setItem('anpi.composeDraft', JSON.stringify(older));
    const loaded = loadDraft(storage);
    expect(loaded).toEqual({ ...older, autoCloseAfterHours: 72, widenToAll: false, widenAfterMinutes: 60 });
    expect(requestOf({ ...loaded!, title: 't', message: 'm' })).toMatchObject({ channels: ['sms', 'email'], autoCloseAfterHours: 72 });
  });

  it('keeps the channel order, closing time and widening through a reload', () => {
    const storage = new MemoryStorage();
    const draft = { ...newDraft(() => 'key-8'), targetKind: 'groups' as const, groupIds: ['g-1'], channels: ['email' as const, 'sms' as const], autoCloseAfterHours: 24, widenToAll: true, widenAfterMinutes: 30 };
    saveDraft(storage, draft);
    expect(loadDraft(storage)).toEqual(draft);
  });

  it('sends the channels in the order chosen and the closing time', () => {
    const draft = { ...newDraft(() => 'key-9'), title: 't', message: 'm', channels: ['line' as const, 'email' as const, 'sms' as const], autoCloseAfterHours: 24 };
    expect(requestOf(draft)).toMatchObject({ channels: ['line', 'email', 'sms'], autoCloseAfterHours: 24 });
  });

  it('widens to everyone after the minutes chosen, only when ticked and never for an alert to everyone', () => {
    const groups = { ...newDraft(() => 'key-10'), title: 't', message: 'm', targetKind: 'groups' as const, groupIds: ['g-1'] };
    expect(newDraft(() => 'k')).toMatchObject({ widenToAll: false, widenAfterMinutes: 60 });
    expect(requestOf(groups)).not.toHaveProperty('widenToAllAfterMinutes');
    expect(requestOf({ ...groups, widenToAll: true })?.widenToAllAfterMinutes).toBe(60);
    expect(requestOf({ ...groups, widenToAll: true, widenAfterMinutes: 30 })?.widenToAllAfterMinutes).toBe(30);
    // Ticked while "groups" was chosen, then "everyone": not offered, so not sent.
    expect(requestOf({ ...groups, widenToAll: true, targetKind: 'all' })).not.toHaveProperty('widenToAllAfterMinutes');
  });

  it('sends nothing while the closing time or the widening minutes are empty or out of range', () => {
    const draft = { ...newDraft(() => 'key-11'), title: 't', message: 'm', targetKind: 'groups' as const, groupIds: ['g-1'] };
    for (const autoCloseAfterHours of [0, 721, 1.5, Number.NaN]) expect(requestOf({ ...draft, autoCloseAfterHours })).toBeUndefined();
    expect(requestOf({ ...draft, autoCloseAfterHours: 1 })?.autoCloseAfterHours).toBe(1);
    expect(requestOf({ ...draft, autoCloseAfterHours: 720 })?.autoCloseAfterHours).toBe(720);
    for (const widenAfterMinutes of [0, 1441, Number.NaN]) expect(requestOf({ ...draft, widenToAll: true, widenAfterMinutes })).toBeUndefined();
    // Minutes not used (not ticked) do not hold the alert back.
    expect(requestOf({ ...draft, widenToAll: false, widenAfterMinutes: Number.NaN })).toBeDefined();
    expect(requestOf({ ...draft, widenToAll: true, widenAfterMinutes: 1440 })?.widenToAllAfterMinutes).toBe(1440);
    expect(withinLimits(5, { min: 1, max: 5 })).toBe(true);
  });

  it('reads a number field left empty (saved as null) as its default', () => {
    const storage = new MemoryStorage();
    const draft = { ...newDraft(() => 'key-12'), autoCloseAfterHours: Number.NaN, widenAfterMinutes: Number.NaN };
    saveDraft(storage, draft);
    expect(loadDraft(storage)).toMatchObject({ autoCloseAfterHours: 72, widenAfterMinutes: 60 });
  });

  it('offers widening for every target but everyone', () => {
    expect(canWiden({ targetKind: 'all' })).toBe(false);
    for (const targetKind of ['departments', 'prefectures', 'groups', 'employees'] as const) expect(canWiden({ targetKind })).toBe(true);
  });
});
