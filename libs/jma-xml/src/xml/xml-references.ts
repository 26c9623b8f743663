import { JmaParseError } from '../jma-parse-error';

const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

const REFERENCE = /&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][A-Za-z0-9._-]*)?(;)?/g;

/**
 * The parser runs with entity processing off, so the five predefined entities and numeric
 * character references are decoded here in one pass: a replacement is never rescanned, which
 * is what makes nested expansion (billion laughs) impossible. Anything else after `&` is not
 * well-formed without a DTD, and DTDs are refused before parsing.
 */
export function decodeReferences(raw: string, where: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(REFERENCE, (_match: string, name: string | undefined, semicolon: string | undefined) => {
    if (!name || !semicolon) {
      throw new JmaParseError('malformed-xml', `bare '&' in ${where}`);
    }
    return name.startsWith('#') ? decodeCharacterReference(name, where) : decodePredefinedEntity(name, where);
  });
}

function decodePredefinedEntity(name: string, where: string): string {
  const replacement = PREDEFINED_ENTITIES.get(name);
  if (replacement === undefined) {
    throw new JmaParseError('malformed-xml', `undeclared entity &${name}; in ${where}`);
  }
  return replacement;
}

function decodeCharacterReference(reference: string, where: string): string {
  const codePoint = reference.startsWith('#x') ? Number.parseInt(reference.slice(2), 16) : Number.parseInt(reference.slice(1), 10);
  if (!isXmlCharacter(codePoint)) {
    throw new JmaParseError('malformed-xml', `character reference &${reference}; in ${where} is not an XML character`);
  }
  return String.fromCodePoint(codePoint);
}

// XML 1.0 §2.2 Char production.
function isXmlCharacter(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}
