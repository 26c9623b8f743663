/**
 * The item at `index` swapped with its neighbour one place up (-1) or down (+1); the list as it
 * was (the same array) when that would leave the list. For lists the user reorders with "up" and
 * "down" buttons (channels in fallback order, questions).
 */
export function movedOnePlace<T>(list: readonly T[], index: number, by: -1 | 1): readonly T[] {
  const to = index + by;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return list;
  const moved = [...list];
  [moved[index], moved[to]] = [moved[to], moved[index]];
  return moved;
}
