import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { JmaParseError } from '../jma-parse-error';
import type { XmlElement } from './xml-element';
import { decodeReferences } from './xml-references';

export const DEFAULT_MAX_INPUT_BYTES = 2 * 1024 * 1024;

// JMA's deepest path (Report/Body/Intensity/Observation/Pref/Area/City/IntensityStation/Int) is
// nine levels; the cap keeps a hostile document from driving deep recursion.
const MAX_NESTING_DEPTH = 32;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const TEXT_KEY = '#text';
const CDATA_KEY = '#cdata';
const ATTRIBUTES_KEY = ':@';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: CDATA_KEY,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_NESTING_DEPTH,
});

type NamespaceScope = ReadonlyMap<string, string | null>;
type OrderedNode = Record<string, unknown>;

/**
 * Turns untrusted bytes into a namespace-resolved element tree, refusing anything that is
 * too big, carries a DTD, is not UTF-8 or is not well-formed, before any interpretation.
 */
export function readXmlDocument(input: string | Buffer, maxBytes: number = DEFAULT_MAX_INPUT_BYTES): XmlElement {
  rejectOversizeInput(input, maxBytes);
  const text = decodeInput(input);
  if (text.trim() === '') {
    throw new JmaParseError('empty-input', 'the document is empty');
  }
  rejectDocumentTypeDeclarations(text);
  rejectNonUtf8Declaration(text);
  rejectNonXmlCharacters(text);
  rejectMalformedXml(text);
  return toElementTree(parseOrdered(text));
}

function rejectOversizeInput(input: string | Buffer, maxBytes: number): void {
  // A NaN or negative limit would silently disable the check: that is a caller bug, not bad input.
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new RangeError(`maxBytes must be a positive integer, got ${maxBytes}`);
  }
  const bytes = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (bytes > maxBytes) {
    throw new JmaParseError('too-large', `${bytes} bytes exceeds the limit of ${maxBytes}`);
  }
}

function decodeInput(input: string | Buffer): string {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  try {
    // fatal: a byte sequence that is not UTF-8 is refused rather than replaced with U+FFFD.
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new JmaParseError('malformed-xml', 'the document is not valid UTF-8');
  }
}

// Refused outright, wherever they appear: JMA never sends a DTD, and a DTD is the door to
// external entities (XXE) and entity expansion bombs.
function rejectDocumentTypeDeclarations(text: string): void {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new JmaParseError('doctype-forbidden', 'document type declarations and entity declarations are not accepted');
  }
}

function rejectNonUtf8Declaration(text: string): void {
  const declaredEncoding = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']/.exec(text)?.[1];
  if (declaredEncoding !== undefined && declaredEncoding.toLowerCase() !== 'utf-8') {
    throw new JmaParseError('malformed-xml', `declared encoding ${declaredEncoding} is not UTF-8`);
  }
}

// XML 1.0 §2.2: control characters (other than tab and line breaks) and lone surrogates can
// never appear in a document, not even escaped.
function rejectNonXmlCharacters(text: string): void {
  const offending = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.exec(text);
  if (offending) {
    const codePoint = offending[0].codePointAt(0) ?? 0;
    throw new JmaParseError('malformed-xml', `character U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} at offset ${offending.index} is not allowed in XML`);
  }
}

// The parser itself is lenient (it will build a tree from mismatched tags), so well-formedness
// is checked separately first.
function rejectMalformedXml(text: string): void {
  const verdict = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (verdict !== true) {
    const { code, msg, line, col } = verdict.err;
    throw new JmaParseError('malformed-xml', `${code} at line ${line}, column ${col}: ${msg}`);
  }
}

function parseOrdered(text: string): unknown {
  try {
    return parser.parse(text);
  } catch (error) {
    throw new JmaParseError('malformed-xml', error instanceof Error ? error.message : String(error));
  }
}

function toElementTree(document: unknown): XmlElement {
  // The validator misses a second root after a self-closing one; count them here.
  const roots = asNodeList(document, '(document)').filter((node) => elementNameOf(node) !== undefined);
  if (roots.length !== 1) {
    throw new JmaParseError('malformed-xml', `expected one root element, found ${roots.length}`);
  }
  const initialScope: NamespaceScope = new Map([
    ['', null],
    ['xml', XML_NAMESPACE],
  ]);
  return toElement(roots[0], initialScope, '');
}

function toElement(node: OrderedNode, parentScope: NamespaceScope, parentPath: string): XmlElement {
  const qualifiedName = elementNameOf(node) ?? '';
  const rawAttributes = attributesOf(node);
  const scope = withDeclarations(parentScope, rawAttributes, qualifiedName);
  const { namespace, localName } = resolveName(qualifiedName, scope);
  const path = parentPath === '' ? localName : `${parentPath}/${localName}`;

  const children: XmlElement[] = [];
  let text = '';
  for (const child of asNodeList(node[qualifiedName], path)) {
    const childName = elementNameOf(child);
    if (childName !== undefined) {
      children.push(toElement(child, scope, path));
    } else if (TEXT_KEY in child) {
      text += decodeReferences(String(child[TEXT_KEY]), path);
    } else if (CDATA_KEY in child) {
      // CDATA is literal: its content is never reference-decoded.
      text += asNodeList(child[CDATA_KEY], path)
        .map((part) => String(part[TEXT_KEY] ?? ''))
        .join('');
    }
  }
  return { namespace, localName, attributes: unprefixedAttributes(rawAttributes, path), children, text, path };
}

function withDeclarations(parentScope: NamespaceScope, rawAttributes: ReadonlyMap<string, string>, where: string): NamespaceScope {
  let scope: Map<string, string | null> | undefined;
  for (const [name, value] of rawAttributes) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    const prefix = name === 'xmlns' ? '' : name.slice('xmlns:'.length);
    const uri = decodeReferences(value, where);
    if (prefix !== '' && uri === '') {
      throw new JmaParseError('malformed-xml', `prefix ${prefix} is bound to an empty namespace on ${where}`);
    }
    scope ??= new Map(parentScope);
    scope.set(prefix, uri === '' ? null : uri);
  }
  return scope ?? parentScope;
}

function resolveName(qualifiedName: string, scope: NamespaceScope): { namespace: string | null; localName: string } {
  const parts = qualifiedName.split(':');
  if (parts.length === 1) {
    return { namespace: scope.get('') ?? null, localName: qualifiedName };
  }
  const [prefix, localName] = parts;
  const namespace = scope.get(prefix);
  if (parts.length !== 2 || prefix === '' || localName === '' || namespace === undefined || namespace === null) {
    throw new JmaParseError('malformed-xml', `element ${qualifiedName} uses an undeclared namespace prefix`);
  }
  return { namespace, localName };
}

function unprefixedAttributes(rawAttributes: ReadonlyMap<string, string>, where: string): ReadonlyMap<string, string> {
  const attributes = new Map<string, string>();
  for (const [name, value] of rawAttributes) {
    if (name !== 'xmlns' && !name.includes(':')) attributes.set(name, decodeReferences(value, where));
  }
  return attributes;
}

function elementNameOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ATTRIBUTES_KEY && key !== TEXT_KEY && key !== CDATA_KEY && !key.startsWith('?'));
}

function attributesOf(node: OrderedNode): ReadonlyMap<string, string> {
  const raw = node[ATTRIBUTES_KEY];
  if (raw === undefined) return new Map();
  if (!isRecord(raw)) throw new JmaParseError('malformed-xml', 'unexpected attribute structure');
  return new Map(Object.entries(raw).map(([name, value]) => [name, String(value)]));
}

function asNodeList(value: unknown, where: string): OrderedNode[] {
  if (!Array.isArray(value) || !value.every(isRecord)) {
    throw new JmaParseError('malformed-xml', `unexpected parser output at ${where}`);
  }
  return value;
}

function isRecord(value: unknown): value is OrderedNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
