import { JmaParseError } from './jma-parse-error';
import { readXmlDocument } from './xml/read-xml-document';
import { childrenNamed, optionalText, requiredText, type XmlElement } from './xml/xml-element';

export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';

/** JMA's feeds list the last few hundred reports; a few MB would already be an anomaly. */
export const DEFAULT_MAX_FEED_BYTES = 4 * 1024 * 1024;

/** One <entry> of JMA's Atom feed (eqvol.xml, extra.xml): which report, and where to fetch it. */
export interface JmaFeedEntry {
  /** Atom id, stable per report: the key for "never fetch the same entry twice". */
  readonly id: string;
  /** The report's Control/Title, e.g. 震源・震度に関する情報. */
  readonly title: string;
  readonly updated: string;
  /** Absolute URL of the XML document (`link rel="related"` or the only link). */
  readonly href: string;
}

/**
 * Reads an Atom feed with the same hostile-input defences as a report (size limit, no DTD,
 * UTF-8 only, well-formedness). Entries without an id or a usable link are refused as a whole
 * feed, not skipped: a feed we cannot read fully is retried, never half-trusted.
 */
export function parseJmaAtomFeed(xml: string | Buffer, options: { maxBytes?: number } = {}): JmaFeedEntry[] {
  const root = readXmlDocument(xml, options.maxBytes ?? DEFAULT_MAX_FEED_BYTES);
  if (root.namespace !== ATOM_NAMESPACE || root.localName !== 'feed') {
    throw new JmaParseError('wrong-namespace', `root element is {${root.namespace ?? ''}}${root.localName}, not an Atom feed`);
  }
  return childrenNamed(root, ATOM_NAMESPACE, 'entry').map(readEntry);
}

function readEntry(entry: XmlElement): JmaFeedEntry {
  return {
    id: requiredText(entry, ATOM_NAMESPACE, 'id'),
    title: optionalText(entry, ATOM_NAMESPACE, 'title') ?? '',
    updated: optionalText(entry, ATOM_NAMESPACE, 'updated') ?? '',
    href: reportLink(entry),
  };
}

function reportLink(entry: XmlElement): string {
  const links = childrenNamed(entry, ATOM_NAMESPACE, 'link');
  const link = links.find((candidate) => candidate.attributes.get('type') === 'application/xml') ?? (links.length === 1 ? links[0] : undefined);
  const href = link?.attributes.get('href');
  if (!href || !URL.canParse(href)) {
    throw new JmaParseError('invalid-structure', `${entry.path}/link has no absolute href`);
  }
  return href;
}
