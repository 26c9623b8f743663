/** The highest uuid: a round that was never split covers every recipient id up to it. */
export const LAST_RECIPIENT_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** A contiguous stretch of recipient ids, in PostgreSQL's uuid order (bytewise, big-endian). */
export interface RecipientRange {
  /** The range holds the ids after this one; null: from the lowest id. */
  startAfter: string | null;
  /** …up to and including this one. */
  through: string;
}

const ID_SPACE = 1n << 128n;

/**
 * Cuts the ids after `after` up to `through` into `parts` ranges of equal width. Recipient ids
 * are random (v4), so equal widths hold about equal numbers of people; the ranges are
 * contiguous and disjoint, so every id falls into exactly one of them. A stretch narrower than
 * `parts` ids yields fewer ranges.
 */
export function splitRecipientRange(after: string | null, through: string, parts: number): RecipientRange[] {
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError(`parts must be a positive integer, got ${parts}`);
  const low = after === null ? 0n : uuidToNumber(after) + 1n;
  const high = uuidToNumber(through);
  if (low > high) return [];
  const width = high - low + 1n;
  const count = width < BigInt(parts) ? Number(width) : parts;
  const boundary = (index: number) => low + (width * BigInt(index)) / BigInt(count);
  return Array.from({ length: count }, (_, index) => ({
    startAfter: index === 0 ? after : numberToUuid(boundary(index) - 1n),
    through: index === count - 1 ? through : numberToUuid(boundary(index + 1) - 1n),
  }));
}

function uuidToNumber(id: string): bigint {
  const hex = id.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`not a uuid: ${id}`);
  return BigInt(`0x${hex}`);
}

function numberToUuid(value: bigint): string {
  if (value < 0n || value >= ID_SPACE) throw new RangeError('outside the uuid space');
  const hex = value.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
