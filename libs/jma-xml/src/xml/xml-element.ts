import { JmaParseError } from '../jma-parse-error';

/**
 * An element with its namespace resolved from the xmlns declarations in scope, so callers
 * match on (namespace URI, local name) and never on whatever prefix the sender chose.
 */
export interface XmlElement {
  readonly namespace: string | null;
  readonly localName: string;
  /** Unprefixed attributes only: JMA's attributes (type, unit, condition, ...) carry no prefix. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** Character data directly inside this element, references decoded, untrimmed. */
  readonly text: string;
  /** Slash-separated local names from the root, for error messages. */
  readonly path: string;
}

export function childrenNamed(parent: XmlElement, namespace: string, localName: string): XmlElement[] {
  return parent.children.filter((child) => child.namespace === namespace && child.localName === localName);
}

/** An element that may appear at most once: a repeated one is ambiguous, so it is refused. */
export function optionalChild(parent: XmlElement, namespace: string, localName: string): XmlElement | undefined {
  const matches = childrenNamed(parent, namespace, localName);
  if (matches.length > 1) {
    throw new JmaParseError('invalid-structure', `${parent.path}/${localName} appears ${matches.length} times`);
  }
  return matches[0];
}

export function requiredChild(parent: XmlElement, namespace: string, localName: string): XmlElement {
  const child = optionalChild(parent, namespace, localName);
  if (!child) {
    throw new JmaParseError('invalid-structure', `${parent.path}/${localName} is missing`);
  }
  return child;
}

export function trimmedText(element: XmlElement): string {
  return element.text.trim();
}

export function requiredText(parent: XmlElement, namespace: string, localName: string): string {
  return trimmedText(requiredChild(parent, namespace, localName));
}

/** Absent and empty are the same to JMA (e.g. `<Serial></Serial>` on a first report). */
export function optionalText(parent: XmlElement, namespace: string, localName: string): string | undefined {
  const child = optionalChild(parent, namespace, localName);
  const text = child ? trimmedText(child) : '';
  return text === '' ? undefined : text;
}

export function descendantsNamed(root: XmlElement, namespace: string, localName: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of root.children) {
    if (child.namespace === namespace && child.localName === localName) found.push(child);
    found.push(...descendantsNamed(child, namespace, localName));
  }
  return found;
}
