/**
 * The dotted paths (`auth.pass`, `port`) whose values differ between two versions of a
 * settings object, added and removed ones included, sorted. Only the names: the audit log
 * says that a credential changed, never what it was or became.
 */
export function changedFields(before: unknown, after: unknown): string[] {
  const previous = leaves(before);
  const next = leaves(after);
  return [...new Set([...previous.keys(), ...next.keys()])].filter((path) => previous.get(path) !== next.get(path)).sort();
}

/** Each leaf (a value that is not a plain object; arrays count as one value) by its dotted path, as JSON. */
function leaves(value: unknown, prefix = '', found = new Map<string, string>()): Map<string, string> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix === '' ? key : `${prefix}.${key}`, found);
  } else if (value !== undefined && prefix !== '') {
    found.set(prefix, JSON.stringify(value));
  }
  return found;
}
