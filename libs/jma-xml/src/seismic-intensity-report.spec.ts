import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type JmaParseErrorReason } from './jma-parse-error';
import { parseJmaReport } from './parse-jma-report';
import { intensityAtLeast } from './seismic-intensity';
import type { IntensityObservation, PrefectureIntensity, SeismicIntensityReport } from './seismic-intensity-report';

const EXAMPLES = path.resolve(__dirname, '../../../../shared/fixtures/jma/examples');

function readExample(name: string): string {
  return readFileSync(path.join(EXAMPLES, name), 'utf8');
}

function replaceOnce(xml: string, from: string, to: string): string {
  const at = xml.indexOf(from);
  if (at < 0) throw new Error(`test setup: "${from}" not found`);
  return xml.slice(0, at) + to + xml.slice(at + from.length);
}

function parseIntensityReport(xml: string): SeismicIntensityReport {
  const report = parseJmaReport(xml);
  if (report.kind !== 'seismic-intensity') throw new Error(`expected a seismic intensity report, got ${report.kind}`);
  return report;
}

function observedPrefectures(observation: IntensityObservation): readonly PrefectureIntensity[] {
  if (observation.kind !== 'observed') throw new Error(`expected observed intensities, got ${observation.kind}`);
  return observation.prefectures;
}

function expectRefused(xml: string, reason: JmaParseErrorReason): void {
  expect(() => parseJmaReport(xml)).toThrow(expect.objectContaining({ name: 'JmaParseError', reason }));
}

const INTENSITY_FLASH = '32-35_01_01_100806_VXSE51.xml';

describe('VXSE53 震源・震度に関する情報: 2011-03-11 Tohoku sample', () => {
  const report = parseIntensityReport(readExample('32-39_11_05_120615_VXSE53.xml'));
  const prefectures = observedPrefectures(report.observation);

  it('is a real (通常), first (発表) report', () => {
    expect(report).toMatchObject({ reportType: 'VXSE53', control: { status: 'normal' }, head: { infoType: 'issued', serial: 1, eventId: '20110311144640' } });
  });

  it('has maximum intensity 7, observed in 宮城県 (04)', () => {
    expect(report.observation).toMatchObject({ kind: 'observed', maxIntensity: '7' });
    expect(prefectures[0]).toEqual({ code: '04', name: '宮城県', maxIntensity: '7', strongShakingUnreported: false, revision: null });
  });

  it('lists exactly these prefectures at 5- or more, strongest first as JMA orders them', () => {
    const strong = prefectures.filter((prefecture) => prefecture.maxIntensity !== null && intensityAtLeast(prefecture.maxIntensity, '5-'));
    expect(strong.map(({ code, name, maxIntensity }) => [code, name, maxIntensity])).toEqual([
      ['04', '宮城県', '7'],
      ['07', '福島県', '6+'],
      ['08', '茨城県', '6+'],
      ['09', '栃木県', '6+'],
      ['03', '岩手県', '6-'],
      ['10', '群馬県', '6-'],
      ['11', '埼玉県', '6-'],
      ['12', '千葉県', '6-'],
      ['02', '青森県', '5+'],
      ['05', '秋田県', '5+'],
      ['06', '山形県', '5+'],
      ['13', '東京都', '5+'],
      ['14', '神奈川県', '5+'],
      ['19', '山梨県', '5+'],
      ['15', '新潟県', '5-'],
      ['20', '長野県', '5-'],
      ['22', '静岡県', '5-'],
    ]);
  });

  it('reads all 41 prefectures where shaking was observed', () => {
    expect(prefectures).toHaveLength(41);
    expect(prefectures.at(-1)).toMatchObject({ code: '44', name: '大分県', maxIntensity: '1' });
  });

  it('reads the hypocentre, with the magnitude JMA could not yet give', () => {
    expect(report.hypocentre).toEqual({
      originTime: '2011-03-11T14:46:00+09:00',
      areaName: '三陸沖',
      areaCode: '288',
      latitude: 38,
      longitude: 142.9,
      depthKm: 10,
      magnitude: null,
      magnitudeType: 'Mj',
      magnitudeDescription: 'Ｍ８を超える巨大地震',
    });
  });
});

describe('VXSE51 震度速報', () => {
  it('reads prefecture maximum intensities and has no hypocentre', () => {
    const report = parseIntensityReport(readExample(INTENSITY_FLASH));
    expect(report.reportType).toBe('VXSE51');
    expect(report.hypocentre).toBeNull();
    expect(report.observation).toMatchObject({ kind: 'observed', maxIntensity: '6-' });
    const prefectures = observedPrefectures(report.observation);
    expect(prefectures).toHaveLength(16);
    expect(prefectures.slice(0, 2)).toEqual([
      { code: '22', name: '静岡県', maxIntensity: '6-', strongShakingUnreported: false, revision: null },
      { code: '12', name: '千葉県', maxIntensity: '4', strongShakingUnreported: false, revision: null },
    ]);
  });

  it('refuses a 震度速報 without intensities', () => {
    const xml = readExample(INTENSITY_FLASH);
    expectRefused(xml.slice(0, xml.indexOf('<Intensity>')) + xml.slice(xml.indexOf('</Intensity>') + '</Intensity>'.length), 'invalid-structure');
  });
});

describe('intensity report details', () => {
  it('represents a cancellation (取消) explicitly, without intensities or hypocentre', () => {
    const report = parseIntensityReport(readExample('32-35_06_06_100915_VXSE53.xml'));
    expect(report).toMatchObject({ head: { infoType: 'cancelled', eventId: '20080614084350', serial: 3 }, hypocentre: null, observation: { kind: 'cancelled' } });
  });

  it('keeps a drill a drill', () => {
    const report = parseIntensityReport(readExample('32-35_01_03_100806_VXSE53.xml'));
    expect(report.control.status).toBe('drill');
    expect(report.observation).toMatchObject({ kind: 'observed', maxIntensity: '5-' });
  });

  it('reports a distant earthquake without Body/Intensity as not observed', () => {
    const report = parseIntensityReport(readExample('32-39_05_01_100831_VXSE53.xml'));
    expect(report.observation).toEqual({ kind: 'not-observed' });
    expect(report.hypocentre).toMatchObject({ areaName: '南米西部', latitude: -36.1, longitude: -72.6, depthKm: 60, magnitude: 8.5 });
  });

  it('leaves the depth unknown when JMA omits it', () => {
    expect(parseIntensityReport(readExample('32-39_05_04_100831_VXSE53.xml')).hypocentre).toMatchObject({ depthKm: null, latitude: -36.1 });
  });

  it('reads Revise as raised or added', () => {
    const prefectures = observedPrefectures(parseIntensityReport(readExample('32-35_06_04_100915_VXSE53.xml')).observation);
    const revised = prefectures.filter((prefecture) => prefecture.revision !== null).map(({ name, maxIntensity, revision }) => [name, maxIntensity, revision]);
    expect(revised).toEqual([
      ['新潟県', '4', 'raised'],
      ['山梨県', '3', 'raised'],
      ['愛知県', '1', 'added'],
      ['愛媛県', '1', 'added'],
    ]);
  });

  it('flags prefectures where a station has not yet reported 5- or more (震度５弱以上未入電)', () => {
    const prefectures = observedPrefectures(parseIntensityReport(readExample('32-35_06_03_100915_VXSE53.xml')).observation);
    expect(prefectures.filter((prefecture) => prefecture.strongShakingUnreported).map((prefecture) => prefecture.name)).toEqual(['岩手県', '秋田県', '山形県']);
  });

  it('keeps a prefecture whose MaxInt is missing, with a null intensity', () => {
    const xml = replaceOnce(readExample(INTENSITY_FLASH), '<Code>12</Code>\n          <MaxInt>4</MaxInt>', '<Code>12</Code>');
    const chiba = observedPrefectures(parseIntensityReport(xml).observation).find((prefecture) => prefecture.code === '12');
    expect(chiba).toMatchObject({ name: '千葉県', maxIntensity: null });
  });

  it.each([
    ['a prefecture intensity of 8', '<MaxInt>4</MaxInt>', '<MaxInt>8</MaxInt>'],
    ['a prefecture intensity written 5弱', '<MaxInt>4</MaxInt>', '<MaxInt>5弱</MaxInt>'],
    ['a prefecture code outside 01-47', '<Code>22</Code>', '<Code>48</Code>'],
    ['a one-digit prefecture code', '<Code>22</Code>', '<Code>2</Code>'],
    ['a prefecture code that names another prefecture', '<Code>22</Code>', '<Code>23</Code>'],
  ])('refuses %s', (_, from, to) => {
    expectRefused(replaceOnce(readExample(INTENSITY_FLASH), from, to), 'invalid-value');
  });

  it('refuses an unknown Revise value', () => {
    expectRefused(replaceOnce(readExample('32-35_04_06_100831_VXSE53.xml'), '<Revise>上方修正</Revise>', '<Revise>下方修正</Revise>'), 'invalid-value');
  });
});
