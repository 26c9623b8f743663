import { JMA_BODY_NAMESPACES, JMA_NAMESPACES } from './jma-namespaces';
import { JmaParseError } from './jma-parse-error';
import { readControl, readHead, type ReportControl, type ReportHead } from './report-header';
import { readSeismicIntensityBody, type SeismicIntensityReport, type SeismicIntensityReportType } from './seismic-intensity-report';
import { readSpecialWarningsBody, type WeatherWarningReport } from './special-warnings';
import { readTsunamiBody, type TsunamiReport } from './tsunami-report';
import { DEFAULT_MAX_INPUT_BYTES, readXmlDocument } from './xml/read-xml-document';
import type { XmlElement } from './xml/xml-element';

export interface ParseJmaReportOptions {
  /** Larger inputs are refused before parsing. Default 2 MB; JMA's largest reports are a few hundred KB. */
  readonly maxBytes?: number;
}

/** Any other report (VXSE52 震源, 緊急地震速報, weather, ...): header only, no intensities or warnings. */
export interface OtherJmaReport {
  readonly kind: 'other';
  readonly title: string;
  readonly infoKind: string;
  readonly control: ReportControl;
  readonly head: ReportHead;
}

export type JmaReport = SeismicIntensityReport | TsunamiReport | WeatherWarningReport | OtherJmaReport;

type InterpretedReportType = SeismicIntensityReportType | 'VTSE41' | 'VPWW53';

interface InterpretedFormat {
  readonly reportType: InterpretedReportType;
  readonly infoKind: string;
  readonly bodyNamespace: string;
}

// Keyed by Control/Title, which names the telegram type; Head/InfoKind must agree, so that a
// report is interpreted only when both say the same thing.
const INTERPRETED_FORMATS: ReadonlyMap<string, InterpretedFormat> = new Map([
  ['震度速報', { reportType: 'VXSE51', infoKind: '震度速報', bodyNamespace: JMA_NAMESPACES.seismologyBody }],
  ['震源・震度に関する情報', { reportType: 'VXSE53', infoKind: '地震情報', bodyNamespace: JMA_NAMESPACES.seismologyBody }],
  ['津波警報・注意報・予報a', { reportType: 'VTSE41', infoKind: '津波警報・注意報・予報', bodyNamespace: JMA_NAMESPACES.seismologyBody }],
  // From the warnings feed (extra.xml); only its 特別警報 are interpreted.
  ['気象特別警報・警報・注意報', { reportType: 'VPWW53', infoKind: '気象警報・注意報', bodyNamespace: JMA_NAMESPACES.meteorologyBody }],
]);

// The samples are all InfoKindVersion 1.x. JMA raises the major version only for incompatible
// changes, so an unknown major version is refused instead of being read with the wrong layout.
const SUPPORTED_INFO_KIND_MAJOR_VERSION = '1';

/**
 * The single entry point: untrusted XML in, a validated report out, or a JmaParseError saying why not.
 * Check `control.status` ('drill' and 'test' are not real events) and `head.infoType` ('cancelled')
 * before acting on any report.
 */
export function parseJmaReport(xml: string | Buffer, options: ParseJmaReportOptions = {}): JmaReport {
  const root = readXmlDocument(xml, options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES);
  const sections = readReportSections(root);
  const control = readControl(sections.control);
  const head = readHead(sections.head);
  const format = INTERPRETED_FORMATS.get(control.title);
  if (!format) {
    return { kind: 'other', title: control.title, infoKind: head.infoKind, control, head };
  }
  checkInterpretable(format, head, sections.body);
  if (format.reportType === 'VTSE41') {
    return { kind: 'tsunami', reportType: 'VTSE41', control, head, forecast: readTsunamiBody(sections.body, head.infoType) };
  }
  if (format.reportType === 'VPWW53') {
    return { kind: 'weather-warning', reportType: 'VPWW53', control, head, specialWarnings: readSpecialWarningsBody(sections.body, head.infoType) };
  }
  return {
    kind: 'seismic-intensity',
    reportType: format.reportType,
    control,
    head,
    ...readSeismicIntensityBody(sections.body, format.reportType, head.infoType),
  };
}

function readReportSections(root: XmlElement): { control: XmlElement; head: XmlElement; body: XmlElement } {
  if (root.namespace !== JMA_NAMESPACES.report) {
    throw new JmaParseError('wrong-namespace', `root element is in ${root.namespace ?? 'no namespace'}, not ${JMA_NAMESPACES.report}`);
  }
  if (root.localName !== 'Report') {
    throw new JmaParseError('invalid-structure', `root element is ${root.localName}, not Report`);
  }
  return {
    control: sectionOf(root, 'Control', [JMA_NAMESPACES.report]),
    head: sectionOf(root, 'Head', [JMA_NAMESPACES.informationBasis]),
    body: sectionOf(root, 'Body', JMA_BODY_NAMESPACES),
  };
}

// Found by local name first, so that a section in a foreign namespace is reported as such
// rather than as missing.
function sectionOf(root: XmlElement, localName: string, allowedNamespaces: readonly string[]): XmlElement {
  const candidates = root.children.filter((child) => child.localName === localName);
  if (candidates.length !== 1) {
    throw new JmaParseError('invalid-structure', `Report/${localName} ${candidates.length === 0 ? 'is missing' : 'is repeated'}`);
  }
  const [section] = candidates;
  if (section.namespace === null || !allowedNamespaces.includes(section.namespace)) {
    throw new JmaParseError('wrong-namespace', `Report/${localName} is in ${section.namespace ?? 'no namespace'}, not ${allowedNamespaces.join(' or ')}`);
  }
  return section;
}

function checkInterpretable(format: InterpretedFormat, head: ReportHead, body: XmlElement): void {
  if (head.infoKind !== format.infoKind) {
    throw new JmaParseError('invalid-structure', `a ${format.reportType} report must have InfoKind ${format.infoKind}, not ${head.infoKind}`);
  }
  const majorVersion = /^(\d+)\.\d+_\d+$/.exec(head.infoKindVersion)?.[1];
  if (majorVersion === undefined) {
    throw new JmaParseError('invalid-value', `Head/InfoKindVersion "${head.infoKindVersion}" is not of the form 1.0_0`);
  }
  if (majorVersion !== SUPPORTED_INFO_KIND_MAJOR_VERSION) {
    throw new JmaParseError('unsupported-type', `${format.reportType} InfoKindVersion ${head.infoKindVersion} is not supported (only ${SUPPORTED_INFO_KIND_MAJOR_VERSION}.x)`);
  }
  if (body.namespace !== format.bodyNamespace) {
    throw new JmaParseError('wrong-namespace', `a ${format.reportType} report must have a Body in ${format.bodyNamespace}, not ${body.namespace}`);
  }
}
