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
});
