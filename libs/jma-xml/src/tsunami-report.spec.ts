import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { type JmaParseErrorReason } from './jma-parse-error';
import { parseJmaReport } from './parse-jma-report';
import { isPrefectureCode } from './prefectures';
import { TSUNAMI_CATEGORY_BY_KIND_CODE, type TsunamiCategory } from './tsunami-category';
import { TSUNAMI_FORECAST_AREAS, isKnownNameOf, tsunamiForecastAreaByCode } from './tsunami-forecast-areas';
import type { TsunamiForecast, TsunamiForecastItem, TsunamiReport } from './tsunami-report';

const EXAMPLES = path.resolve(__dirname, '../../../../shared/fixtures/jma/examples');
const TSUNAMI_EXAMPLES = readdirSync(EXAMPLES).filter((name) => name.endsWith('_VTSE41.xml')).sort();

function readExample(name: string): string {
  return readFileSync(path.join(EXAMPLES, name), 'utf8');
}

function replaceOnce(xml: string, from: string, to: string): string {
  const at = xml.indexOf(from);
  if (at < 0) throw new Error(`test setup: "${from}" not found`);
  return xml.slice(0, at) + to + xml.slice(at + from.length);
}

function parseTsunamiReport(xml: string): TsunamiReport {
  const report = parseJmaReport(xml);
  if (report.kind !== 'tsunami') throw new Error(`expected a tsunami report, got ${report.kind}`);
  return report;
}

function publishedForecast(forecast: TsunamiForecast): Extract<TsunamiForecast, { kind: 'published' }> {
  if (forecast.kind !== 'published') throw new Error(`expected a published forecast, got ${forecast.kind}`);
  return forecast;
}

function itemsOf(name: string): readonly TsunamiForecastItem[] {
  return publishedForecast(parseTsunamiReport(readExample(name)).forecast).items;
}

function areaCodesIn(items: readonly TsunamiForecastItem[], category: TsunamiCategory): string[] {
  return items.filter((item) => item.category === category).map((item) => item.areaCode);
}

function expectRefused(xml: string, reason: JmaParseErrorReason): void {
  expect(() => parseJmaReport(xml)).toThrow(expect.objectContaining({ name: 'JmaParseError', reason }));
}

const TOHOKU_FIRST_WARNING = '32-39_11_02_120615_VTSE41.xml';
const ADVISORY_LIFTED = '38-39_02_04_191025_VTSE41.xml';

describe('VTSE41 津波警報・注意報・予報a', () => {
  it('classifies the first 2011-03-11 warning: 大津波警報 for 岩手・宮城・福島, 津波警報, 注意報 and 予報 elsewhere', () => {
    const report = parseTsunamiReport(readExample(TOHOKU_FIRST_WARNING));
    expect(report).toMatchObject({ reportType: 'VTSE41', control: { status: 'normal' }, head: { infoType: 'issued', eventId: '20110311144640' } });
    const { items, unmappedAreas } = publishedForecast(report.forecast);
    expect(unmappedAreas).toEqual([]);
    expect(items[0]).toEqual({
      areaCode: '210',
      areaName: '岩手県',
      category: 'major-tsunami-warning',
      kindCode: '53',
      kindName: '大津波警報：発表',
      previousCategory: 'none',
      prefectureCodes: ['03'],
    });
    expect(areaCodesIn(items, 'major-tsunami-warning')).toEqual(['210', '220', '250']);
    expect(areaCodesIn(items, 'tsunami-warning')).toEqual(['101', '201', '300', '310', '320']);
    expect(areaCodesIn(items, 'tsunami-advisory')).toHaveLength(15);
    expect(areaCodesIn(items, 'forecast')).toHaveLength(20);
    expect(items.find((item) => item.areaCode === '320')).toMatchObject({ areaName: '伊豆諸島', kindName: '津波警報', prefectureCodes: ['13'] });
  });

  it('maps shared areas to every prefecture on that water', () => {
    const items = itemsOf('32-39_12_02_191025_VTSE41.xml');
    expect(items.find((item) => item.areaCode === '312')).toMatchObject({ areaName: '東京湾内湾', prefectureCodes: ['12', '13', '14'] });
    expect(items.find((item) => item.areaCode === '391')).toMatchObject({ areaName: '伊勢・三河湾', prefectureCodes: ['23', '24'] });
    expect(items.find((item) => item.areaCode === '712')).toMatchObject({ areaName: '有明・八代海', prefectureCodes: ['40', '41', '42', '43'] });
  });

  it('keeps a drill a drill', () => {
    const report = parseTsunamiReport(readExample('32-39_12_02_191025_VTSE41.xml'));
    expect(report.control.status).toBe('drill');
    expect(publishedForecast(report.forecast).items).toHaveLength(66);
  });

  it('reads a lifted advisory as cleared, with the advisory as the previous category', () => {
    const items = itemsOf(ADVISORY_LIFTED);
    expect(items.map(({ areaName, category, kindName, previousCategory, prefectureCodes }) => [areaName, category, kindName, previousCategory, prefectureCodes])).toEqual([
      ['種子島・屋久島地方', 'cleared', '津波注意報解除', 'tsunami-advisory', ['46']],
      ['奄美群島・トカラ列島', 'cleared', '津波注意報解除', 'tsunami-advisory', ['46']],
      ['鹿児島県西部', 'cleared', '津波注意報解除', 'tsunami-advisory', ['46']],
    ]);
  });

  it('accepts the former name of an area (奄美諸島 before 奄美群島)', () => {
    const items = itemsOf('32-39_11_13_120615_VTSE41.xml');
    expect(items.find((item) => item.areaCode === '772')).toMatchObject({ areaName: '奄美諸島・トカラ列島', prefectureCodes: ['46'] });
  });

  it('represents a cancellation (取消) explicitly', () => {
    const report = parseTsunamiReport(replaceOnce(readExample(ADVISORY_LIFTED), '<InfoType>発表</InfoType>', '<InfoType>取消</InfoType>'));
    expect(report.forecast).toEqual({ kind: 'cancelled' });
  });

  it('reports an unknown area code instead of dropping it', () => {
    const xml = replaceOnce(readExample(TOHOKU_FIRST_WARNING), '<Name>岩手県</Name><Code>210</Code>', '<Name>新設予報区</Name><Code>999</Code>');
    const forecast = publishedForecast(parseTsunamiReport(xml).forecast);
    expect(forecast.items[0]).toMatchObject({ areaCode: '999', category: 'major-tsunami-warning', prefectureCodes: [] });
    expect(forecast.unmappedAreas).toEqual([{ code: '999', name: '新設予報区', reason: 'unknown-code' }]);
  });

  it('does not trust a known code sent under another area name', () => {
    const xml = replaceOnce(readExample(TOHOKU_FIRST_WARNING), '<Name>岩手県</Name><Code>210</Code>', '<Name>宮城県</Name><Code>210</Code>');
    const forecast = publishedForecast(parseTsunamiReport(xml).forecast);
    expect(forecast.items[0]).toMatchObject({ areaCode: '210', prefectureCodes: [] });
    expect(forecast.unmappedAreas).toEqual([{ code: '210', name: '宮城県', reason: 'name-mismatch' }]);
  });

  it.each([
    ['an unknown kind code', '<Code>53</Code></Kind>', '<Code>54</Code></Kind>'],
    ['an unknown previous kind code', '<Code>00</Code></LastKind>', '<Code>99</Code></LastKind>'],
    ['an area code that is not three digits', '<Code>210</Code>', '<Code>21</Code>'],
  ])('refuses %s as an invalid value', (_, from, to) => {
    expectRefused(replaceOnce(readExample(TOHOKU_FIRST_WARNING), from, to), 'invalid-value');
  });

  it.each([
    ['an item without a category', 'Category'],
    ['a report without a forecast', 'Forecast'],
  ])('refuses %s as invalid structure', (_, element) => {
    const renamed = replaceOnce(replaceOnce(readExample(TOHOKU_FIRST_WARNING), `<${element}>`, '<Renamed>'), `</${element}>`, '</Renamed>');
    expectRefused(renamed, 'invalid-structure');
  });
});

describe('tsunami tables against every VTSE41 sample', () => {
  const sampleItems = TSUNAMI_EXAMPLES.flatMap(itemsOf);

  it('covers the twelve samples', () => {
    expect(TSUNAMI_EXAMPLES).toHaveLength(12);
  });

  it('maps every area in the samples to prefectures, under a name the table knows for that code', () => {
    for (const item of sampleItems) {
      const area = tsunamiForecastAreaByCode(item.areaCode);
      expect(area && isKnownNameOf(area, item.areaName)).toBe(true);
      expect(item.prefectureCodes.length).toBeGreaterThan(0);
    }
  });

  it('holds exactly the 66 areas the samples list, under their current names', () => {
    const currentNames = new Map(itemsOf('32-39_12_02_191025_VTSE41.xml').map((item) => [item.areaCode, item.areaName]));
    expect(new Map(TSUNAMI_FORECAST_AREAS.map((area) => [area.code, area.name]))).toEqual(currentNames);
    expect(TSUNAMI_FORECAST_AREAS).toHaveLength(66);
  });

  it('maps areas only to valid prefecture codes, and never to a landlocked prefecture', () => {
    const landlocked = ['09', '10', '11', '19', '20', '21', '25', '29'];
    for (const area of TSUNAMI_FORECAST_AREAS) {
      expect(area.prefectureCodes.length).toBeGreaterThan(0);
      for (const code of area.prefectureCodes) {
        expect(isPrefectureCode(code)).toBe(true);
        expect(landlocked).not.toContain(code);
      }
    }
  });

  it('gives every coastal prefecture at least one area', () => {
    const mapped = new Set(TSUNAMI_FORECAST_AREAS.flatMap((area) => area.prefectureCodes));
    expect(mapped.size).toBe(47 - 8);
  });

  it('has a category for every kind code in the samples, and every code in the table occurs there with the expected name', () => {
    const namesByCode = new Map<string, Set<string>>();
    for (const item of sampleItems) namesByCode.set(item.kindCode, (namesByCode.get(item.kindCode) ?? new Set()).add(item.kindName));
    // 00 津波なし only ever appears as a LastKind, checked below.
    expect(Object.fromEntries([...namesByCode].map(([code, names]) => [code, [...names]]))).toEqual({
      '50': ['警報解除'],
      '51': ['津波警報'],
      '52': ['大津波警報'],
      '53': ['大津波警報：発表'],
      '60': ['津波注意報解除'],
      '62': ['津波注意報'],
      '71': ['津波予報（若干の海面変動）'],
      '72': ['津波予報（若干の海面変動）'],
      '73': ['津波予報（若干の海面変動）'],
    });
    expect([...TSUNAMI_CATEGORY_BY_KIND_CODE.keys()].sort()).toEqual(['00', ...namesByCode.keys()].sort());
    expect(sampleItems.some((item) => item.previousCategory === 'none')).toBe(true);
  });
});
