import { randomUUID } from 'node:crypto';
import { LAST_RECIPIENT_ID, splitRecipientRange } from './recipient-ranges';

/** Where an id falls: the index of the one range that holds it (PostgreSQL compares uuids bytewise, as strings of lowercase hex do). */
const rangeOf = (ranges: ReturnType<typeof splitRecipientRange>, id: string) =>
  ranges.flatMap((range, index) => ((range.startAfter === null || id > range.startAfter) && id <= range.through ? [index] : []));

describe('splitRecipientRange', () => {
  it('cuts the whole id space into equal, contiguous ranges', () => {
    expect(splitRecipientRange(null, LAST_RECIPIENT_ID, 4)).toEqual([
      { startAfter: null, through: '3fffffff-ffff-ffff-ffff-ffffffffffff' },
      { startAfter: '3fffffff-ffff-ffff-ffff-ffffffffffff', through: '7fffffff-ffff-ffff-ffff-ffffffffffff' },
      { startAfter: '7fffffff-ffff-ffff-ffff-ffffffffffff', through: 'bfffffff-ffff-ffff-ffff-ffffffffffff' },
      { startAfter: 'bfffffff-ffff-ffff-ffff-ffffffffffff', through: LAST_RECIPIENT_ID },
    ]);
  });

  it('cuts what is left after a cursor, keeping the cursor as the first range’s start', () => {
    const cursor = '80000000-0000-4000-8000-000000000000';
    const ranges = splitRecipientRange(cursor, LAST_RECIPIENT_ID, 16);
    expect(ranges).toHaveLength(16);
    expect(ranges[0].startAfter).toBe(cursor);
    expect(ranges.at(-1)!.through).toBe(LAST_RECIPIENT_ID);
    for (let index = 1; index < ranges.length; index++) expect(ranges[index].startAfter).toBe(ranges[index - 1].through);
  });

  it('puts every id after the start into exactly one range, and none before it', () => {
    const cursor = randomUUID();
    const ranges = splitRecipientRange(cursor, LAST_RECIPIENT_ID, 7);
    const ids = Array.from({ length: 2_000 }, () => randomUUID());
    for (const id of ids) expect(rangeOf(ranges, id)).toEqual(id > cursor ? [expect.any(Number)] : []);
  });

  it('gives each range an even share of random ids', () => {
    // A fixed cursor: a random one near the end leaves too few ids after it to compare shares.
    const ranges = splitRecipientRange('40000000-0000-4000-8000-000000000000', LAST_RECIPIENT_ID, 7);
    const ids = Array.from({ length: 2_000 }, () => randomUUID());
    const sizes = ranges.map((_, index) => ids.filter((id) => rangeOf(ranges, id)[0] === index).length);
    const share = sizes.reduce((sum, size) => sum + size, 0) / ranges.length;
    // ~214 ids a range with a standard deviation of ~14: twice the share is never reached by chance.
    expect(Math.max(...sizes)).toBeLessThan(2 * share);
    expect(Math.min(...sizes)).toBeGreaterThan(share / 2);
  });

  it('yields fewer ranges than asked when fewer ids are left, and none when none are', () => {
    expect(splitRecipientRange('ffffffff-ffff-ffff-ffff-fffffffffffd', LAST_RECIPIENT_ID, 16)).toEqual([
      { startAfter: 'ffffffff-ffff-ffff-ffff-fffffffffffd', through: 'ffffffff-ffff-ffff-ffff-fffffffffffe' },
      { startAfter: 'ffffffff-ffff-ffff-ffff-fffffffffffe', through: LAST_RECIPIENT_ID },
    ]);
    expect(splitRecipientRange(LAST_RECIPIENT_ID, LAST_RECIPIENT_ID, 16)).toEqual([]);
  });

  it('refuses what is not a uuid or not a count', () => {
    expect(() => splitRecipientRange('not-a-uuid', LAST_RECIPIENT_ID, 2)).toThrow('not a uuid');
    expect(() => splitRecipientRange(null, LAST_RECIPIENT_ID, 0)).toThrow('positive integer');
  });
});
