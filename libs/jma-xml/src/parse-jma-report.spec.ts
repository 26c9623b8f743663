import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { type JmaParseErrorReason } from './jma-parse-error';
import { parseJmaReport, type JmaReport, type ParseJmaReportOptions } from './parse-jma-report';

const EXAMPLES = path.resolve(__dirname, '../../../../shared/fixtures/jma/examples');

function readExample(name: string): string {
  return readFileSync(path.join(EXAMPLES, name), 'utf8');
}

/** Edits a sample; fails loudly if the text to replace is not there, so a test never checks an unedited sample. */
function replaceOnce(xml: string, from: string, to: string): string {
  const at = xml.indexOf(from);
  if (at < 0) throw new Error(`test setup: "${from}" not found`);
  return xml.slice(0, at) + to + xml.slice(at + from.length);
}

function expectRefused(xml: string | Buffer, reason: JmaParseErrorReason, options?: ParseJmaReportOptions): void {
  expect(() => parseJmaReport(xml, options)).toThrow(expect.objectContaining({ name: 'JmaParseError', reason }));
}

const INTENSITY_FLASH = '32-35_01_01_100806_VXSE51.xml';
const TOHOKU_INTENSITY = '32-39_11_05_120615_VXSE53.xml';

const KIND_BY_REPORT_TYPE: Record<string, JmaReport['kind']> = { VXSE51: 'seismic-intensity', VXSE53: 'seismic-intensity', VTSE41: 'tsunami' };

describe('parseJmaReport on the official JMA samples', () => {
  const examples = existsSync(EXAMPLES) ? readdirSync(EXAMPLES).filter((name) => name.endsWith('.xml')).sort() : [];

  it('finds the samples beside the repository', () => {
    expect(existsSync(EXAMPLES)).toBe(true);
    expect(examples).toHaveLength(105);
  });

  it.each(examples)('parses %s into the kind its report type calls for', (name) => {
    const reportType = /_(V[A-Z]{3}\d{2})\.xml$/.exec(name)?.[1] ?? '';
    const report = parseJmaReport(readFileSync(path.join(EXAMPLES, name)));
    expect(report.kind).toBe(KIND_BY_REPORT_TYPE[reportType] ?? 'other');
    expect(report.control.dateTime).toMatch(/Z$/);
    expect(report.head.reportDateTime).toMatch(/\+09:00$/);
  });

  it('reads the header of a 震度速報', () => {
    const report = parseJmaReport(readExample(INTENSITY_FLASH));
    expect(report.control).toEqual({
      title: '震度速報',
      dateTime: '2009-08-10T20:09:11Z',
      status: 'normal',
      editorialOffice: '気象庁本庁',
      publishingOffice: '気象庁',
    });
    expect(report.head).toEqual({
      title: '震度速報',
      reportDateTime: '2009-08-11T05:09:00+09:00',
      targetDateTime: '2009-08-11T05:07:00+09:00',
      eventId: '20090811050711',
      infoType: 'issued',
      serial: null,
      infoKind: '震度速報',
      infoKindVersion: '1.0_0',
      headline: '１１日０５時０７分ころ、地震による強い揺れを感じました。震度３以上が観測された地域をお知らせします。',
    });
  });

  it('marks 訓練 as a drill and 試験 as a test', () => {
    expect(parseJmaReport(readExample('32-35_01_03_100806_VXSE53.xml')).control.status).toBe('drill');
    expect(parseJmaReport(readExample('32-39_12_02_191025_VTSE41.xml')).control.status).toBe('drill');
    expect(parseJmaReport(readExample('54_01_01_100514_VXSE42.xml')).control.status).toBe('test');
  });

  it('returns other report types with their header and nothing more', () => {
    const hypocentreOnly = parseJmaReport(readExample('32-35_04_03_100831_VXSE52.xml'));
    expect(hypocentreOnly).toEqual({ kind: 'other', title: '震源に関する情報', infoKind: '震源速報', control: expect.any(Object), head: expect.any(Object) });
    const earthquakeEarlyWarning = parseJmaReport(readExample('37_04_01_110311_VXSE43.xml'));
    expect(earthquakeEarlyWarning).toMatchObject({ kind: 'other', title: '緊急地震速報（警報）', infoKind: '緊急地震速報', head: { serial: 5 } });
  });

  it('gives the same result for a string and a buffer', () => {
    const xml = readExample(TOHOKU_INTENSITY);
    expect(parseJmaReport(Buffer.from(xml, 'utf8'))).toEqual(parseJmaReport(xml));
  });
});

describe('parseJmaReport namespace handling', () => {
  // Rewrites a sample so that every element carries an explicit prefix of our choosing instead
  // of relying on default namespaces: same document to a namespace-aware reader.
  function withExplicitPrefixes(xml: string): string {
    const headStart = xml.indexOf('<Head xmlns');
    const headEnd = xml.indexOf('</Head>') + '</Head>'.length;
    const bodyStart = xml.indexOf('<Body xmlns');
    const bodyEnd = xml.indexOf('</Body>') + '</Body>'.length;
    const prefixed = (segment: string, prefix: string) =>
      segment.replace(/<(\/?)([A-Za-z][\w.-]*)(?=[\s/>])/g, `<$1${prefix}:$2`).replace(/ xmlns="/g, ` xmlns:${prefix}="`);
    return [
      prefixed(xml.slice(0, headStart), 'r'),
      prefixed(xml.slice(headStart, headEnd), 'ib'),
      prefixed(xml.slice(headEnd, bodyStart), 'r'),
      prefixed(xml.slice(bodyStart, bodyEnd), 'seis'),
      prefixed(xml.slice(bodyEnd), 'r'),
    ].join('');
  }

  it('reads a sample rewritten with arbitrary prefixes exactly like the original', () => {
    for (const name of [TOHOKU_INTENSITY, '32-39_11_02_120615_VTSE41.xml', '36_02_01_100915_VXSE41.xml']) {
      const original = readExample(name);
      const rewritten = withExplicitPrefixes(original);
      expect(rewritten).toContain('<seis:Body xmlns:seis=');
      expect(parseJmaReport(rewritten)).toEqual(parseJmaReport(original));
    }
  });

  it('goes by the declared namespace, not by a familiar prefix', () => {
    expectRefused('<jmx:Report xmlns:jmx="http://example.com/not-jma/"><jmx:Control/></jmx:Report>', 'wrong-namespace');
  });

  it('refuses a root element outside the JMA namespace', () => {
    const xml = readExample(INTENSITY_FLASH).replace(/http:\/\/xml\.kishou\.go\.jp\/jmaxml1\/"/g, 'http://example.com/jmaxml1/"');
    expectRefused(xml, 'wrong-namespace');
    expectRefused('<Report><Control/></Report>', 'wrong-namespace');
  });

  it('refuses a Head or Body in an unpublished namespace', () => {
    const xml = readExample(INTENSITY_FLASH);
    expectRefused(replaceOnce(xml, 'jmaxml1/informationBasis1/', 'jmaxml1/informationBasis9/'), 'wrong-namespace');
    expectRefused(replaceOnce(xml, 'jmaxml1/body/seismology1/', 'jmaxml1/body/unknown1/'), 'wrong-namespace');
  });

  it('refuses an intensity report whose Body is a published but wrong namespace', () => {
    expectRefused(replaceOnce(readExample(INTENSITY_FLASH), 'jmaxml1/body/seismology1/', 'jmaxml1/body/meteorology1/'), 'wrong-namespace');
  });
});

describe('parseJmaReport on hostile or broken input', () => {
  it('refuses an external entity (XXE)', () => {
    expectRefused(
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><Report xmlns="http://xml.kishou.go.jp/jmaxml1/">&x;</Report>',
      'doctype-forbidden',
    );
    expectRefused(replaceOnce(readExample(INTENSITY_FLASH), '<Report ', '<!DOCTYPE Report [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Report '), 'doctype-forbidden');
  });

  it('refuses an entity expansion bomb (billion laughs)', () => {
    const levels = Array.from({ length: 9 }, (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level};`.repeat(10)}">`).join('');
    expectRefused(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${levels}]><lolz>&lol9;</lolz>`, 'doctype-forbidden');
  });

  it('refuses malformed XML', () => {
    const xml = readExample(INTENSITY_FLASH);
    expectRefused(xml.slice(0, xml.length / 2), 'malformed-xml');
    expectRefused(replaceOnce(xml, '</Status>', '</Statu>'), 'malformed-xml');
    expectRefused(replaceOnce(xml, '<Title>震度速報</Title>', '<Title>震度&速報</Title>'), 'malformed-xml');
  });

  it('refuses an oversize document before parsing it', () => {
    const padded = replaceOnce(readExample(INTENSITY_FLASH), '<Control>', `<!--${' '.repeat(3 * 1024 * 1024)}--><Control>`);
    expectRefused(padded, 'too-large');
    expectRefused(readExample(INTENSITY_FLASH), 'too-large', { maxBytes: 1024 });
    expect(parseJmaReport(readExample(TOHOKU_INTENSITY)).kind).toBe('seismic-intensity'); // 397 KB, within the default
  });

  it('refuses an empty document', () => {
    expectRefused('', 'empty-input');
    expectRefused('\n', 'empty-input');
  });

  it('refuses a well-formed document that is not a JMA report', () => {
    expectRefused('<Report xmlns="http://xml.kishou.go.jp/jmaxml1/"/>', 'invalid-structure');
    expectRefused('<Other xmlns="http://xml.kishou.go.jp/jmaxml1/"/>', 'invalid-structure');
  });

  it.each([
    ['an intensity of 8', '<MaxInt>6-</MaxInt>', '<MaxInt>8</MaxInt>'],
    ['an intensity written 5弱', '<MaxInt>6-</MaxInt>', '<MaxInt>5弱</MaxInt>'],
    ['an unknown Status', '<Status>通常</Status>', '<Status>本番</Status>'],
    ['an unknown InfoType', '<InfoType>発表</InfoType>', '<InfoType>更新</InfoType>'],
    ['a non-numeric Serial', '<Serial></Serial>', '<Serial>first</Serial>'],
    ['a date-time without offset', '<ReportDateTime>2009-08-11T05:09:00+09:00', '<ReportDateTime>2009-08-11T05:09:00'],
    ['a malformed InfoKindVersion', '<InfoKindVersion>1.0_0', '<InfoKindVersion>one'],
  ])('refuses %s as an invalid value', (_, from, to) => {
    expectRefused(replaceOnce(readExample(INTENSITY_FLASH), from, to), 'invalid-value');
  });

  it('refuses a missing or repeated header element as invalid structure', () => {
    const xml = readExample(INTENSITY_FLASH);
    expectRefused(replaceOnce(xml, '<Status>通常</Status>', ''), 'invalid-structure');
    expectRefused(replaceOnce(xml, '<Status>通常</Status>', '<Status>通常</Status><Status>訓練</Status>'), 'invalid-structure');
    expectRefused(replaceOnce(xml, '<InfoKind>震度速報</InfoKind>', '<InfoKind>地震情報</InfoKind>'), 'invalid-structure');
  });

  it('refuses a supported report type in an unknown major format version', () => {
    expectRefused(replaceOnce(readExample(INTENSITY_FLASH), '<InfoKindVersion>1.0_0', '<InfoKindVersion>2.0_0'), 'unsupported-type');
  });

  it('still reads other report types whatever their format version', () => {
    const xml = replaceOnce(readExample('32-35_04_03_100831_VXSE52.xml'), '<InfoKindVersion>1.0_0', '<InfoKindVersion>2.0_0');
    expect(parseJmaReport(xml).kind).toBe('other');
  });
});
