import { batchesOf, ContactLookup, contactOf, idsToLookUp, KnownContacts, mergeContacts } from './directory-contacts';

const employee = (id: string, mobilePhone?: string | null) => ({ id, nameKanji: `名前 ${id}`, mobilePhone });

describe('non-responder contacts', () => {
  it('asks for each id once, in first order, less those already asked', () => {
    expect(idsToLookUp(['a', 'b', 'a', 'c'], new Set(['b']))).toEqual(['a', 'c']);
    expect(idsToLookUp([], new Set())).toEqual([]);
  });

  it('cuts ids into batches of at most the given size', () => {
    const ids = Array.from({ length: 401 }, (_, index) => String(index));
    expect(batchesOf(ids, 200).map((batch) => batch.length)).toEqual([200, 200, 1]);
    expect(batchesOf(ids, 200).flat()).toEqual(ids);
    expect(batchesOf([], 200)).toEqual([]);
  });

  it('keeps the phone only where the view has one', () => {
    expect(contactOf({ nameKanji: '山田 花子', mobilePhone: '+819012345678' })).toEqual({ name: '山田 花子', mobilePhone: '+819012345678' });
    expect(contactOf({ nameKanji: '山田 花子' })).toEqual({ name: '山田 花子' });
    expect(contactOf({ nameKanji: '山田 花子', mobilePhone: null })).toEqual({ name: '山田 花子' });
  });

  it('merges a batch into what is known; an id the directory did not return is known as absent', () => {
    const known: KnownContacts = new Map([['a', { name: 'A' }]]);
    const merged = mergeContacts(known, ['b', 'c'], [employee('b', '+819000000001')]);
    expect([...merged]).toEqual([
      ['a', { name: 'A' }],
      ['b', { name: '名前 b', mobilePhone: '+819000000001' }],
      ['c', null],
    ]);
    expect(known.size).toBe(1);
  });

  describe('ContactLookup', () => {
    function lookupWith(limits = { idsPerRequest: 2, concurrentRequests: 2 }) {
      const requests: { ids: string[]; resolve: (found: ReturnType<typeof employee>[]) => void; reject: (error: unknown) => void }[] = [];
      const changes: KnownContacts[] = [];
      const errors: unknown[] = [];
      const lookup = new ContactLookup(
        (ids) => new Promise((resolve, reject) => requests.push({ ids, resolve, reject })),
        (known) => changes.push(known),
        (error) => errors.push(error),
        limits,
      );
      return { lookup, requests, changes, errors };
    }
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

    it('has at most the given number of requests under way and asks the rest as they finish', async () => {
      const { lookup, requests, changes } = lookupWith();
      lookup.want(['a', 'b', 'c', 'd', 'e']);
      expect(requests.map((request) => request.ids)).toEqual([
        ['a', 'b'],
        ['c', 'd'],
      ]);
      requests[0].resolve([employee('a'), employee('b')]);
      await settle();
      expect(requests.map((request) => request.ids)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
      requests[1].resolve([employee('c')]);
      requests[2].resolve([employee('e')]);
      await settle();
      const known = changes.at(-1)!;
      expect([...known.keys()].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(known.get('d')).toBeNull();
    });

    it('never asks again for ids known or under way, as the list is read again', async () => {
      const { lookup, requests } = lookupWith({ idsPerRequest: 200, concurrentRequests: 2 });
      lookup.want(['a', 'b']);
      lookup.want(['a', 'b', 'c']);
      requests[0].resolve([employee('a'), employee('b')]);
      requests[1].resolve([employee('c')]);
      await settle();
      lookup.want(['c', 'b', 'a']);
      expect(requests.map((request) => request.ids)).toEqual([['a', 'b'], ['c']]);
    });

    it('reports a failed batch and asks for it again the next time', async () => {
      const { lookup, requests, errors } = lookupWith();
      lookup.want(['a']);
      requests[0].reject(new Error('down'));
      await settle();
      expect(errors).toEqual([new Error('down')]);
      lookup.want(['a']);
      expect(requests.map((request) => request.ids)).toEqual([['a'], ['a']]);
    });

    it('reports nothing after it stopped', async () => {
      const { lookup, requests, changes } = lookupWith();
      lookup.want(['a', 'b', 'c', 'd', 'e']);
      lookup.stop();
      requests[0].resolve([employee('a')]);
      await settle();
      expect(changes).toEqual([]);
      expect(requests).toHaveLength(2);
    });
  });
});
