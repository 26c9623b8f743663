/**
 * Why a document was refused. Callers branch on the reason (a hostile input is logged and
 * dropped, an unsupported format version pages someone), so the set is closed:
 *  - empty-input: nothing but whitespace (or a BOM) was received.
 *  - too-large: over the configured byte limit; refused before any parsing.
 *  - doctype-forbidden: contains `<!DOCTYPE` or `<!ENTITY` (XXE, billion laughs). JMA never sends one.
 *  - malformed-xml: not well-formed XML, not UTF-8, unknown entity or unbound namespace prefix.
 *  - wrong-namespace: Report, Control, Head or Body is not in the namespace JMA publishes.
 *  - unsupported-type: a report type this library interprets, but in a format version it does not know.
 *  - invalid-structure: a required element is missing or repeated, or the title and InfoKind disagree.
 *  - invalid-value: an element holds a value outside its code table (Status, InfoType, intensity,
 *    prefecture code, tsunami kind code, date-time, ...). Never guessed: an alert is only as good as its input.
 */
export type JmaParseErrorReason =
  | 'empty-input'
  | 'too-large'
  | 'doctype-forbidden'
  | 'malformed-xml'
  | 'wrong-namespace'
  | 'unsupported-type'
  | 'invalid-structure'
  | 'invalid-value';

export class JmaParseError extends Error {
  constructor(
    readonly reason: JmaParseErrorReason,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'JmaParseError';
  }
}
