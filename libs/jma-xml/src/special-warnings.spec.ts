import type { JmaParseErrorReason } from './jma-parse-error';
import { parseJmaReport } from './parse-jma-report';
import type { WeatherWarningReport } from './special-warnings';

/**
 * No VPWW53 sample ships with shared/fixtures/jma (those are the earthquake and tsunami
 * samples), so this document is written after the layout JMA publishes for
 * 気象特別警報・警報・注意報 (Control, Head, Body/Warning by area level, Item/Kind/Status).
 * Replace it with an official sample when one is added to the fixtures.
 */
function warningReport({ status = '通常', infoType = '発表', items = '' } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Report xmlns="http://xml.kishou.go.jp/jmaxml1/" xmlns:jmx="http://xml.kishou.go.jp/jmaxml1/">
  <Control>
    <Title>気象特別警報・警報・注意報</Title>
    <DateTime>2026-07-01T01:00:00Z</DateTime>
    <Status>${status}</Status>
    <EditorialOffice>福岡管区気象台</EditorialOffice>
    <PublishingOffice>福岡管区気象台</PublishingOffice>
  </Control>
  <Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/">
    <Title>福岡県気象警報・注意報</Title>
    <ReportDateTime>2026-07-01T10:00:00+09:00</ReportDateTime>
    <TargetDateTime>2026-07-01T10:00:00+09:00</TargetDateTime>
    <EventID />
    <InfoType>${infoType}</InfoType>
    <Serial />
    <InfoKind>気象警報・注意報</InfoKind>
    <InfoKindVersion>1.2_1</InfoKindVersion>
    <Headline><Text>福岡県では、土砂災害や低い土地の浸水、河川の増水に厳重に警戒してください。</Text></Headline>
  </Head>
  <Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/meteorology1/" xmlns:jmx_eb="http://xml.kishou.go.jp/jmaxml1/elementBasis1/">
    <Warning type="気象警報・注意報（府県予報区等）">${items}</Warning>
    <Warning type="気象警報・注意報（一次細分区域等）">
      <Item><Kind><Name>大雨特別警報</Name><Code>33</Code><Status>発表</Status></Kind><Area><Name>福岡地方</Name><Code>400010</Code></Area></Item>
    </Warning>
  </Body>
</Report>`;
}

const item = (area: string, code: string, ...kinds: [string, string, string][]) =>
  `<Item>${kinds.map(([name, kindCode, status]) => `<Kind><Name>${name}</Name><Code>${kindCode}</Code><Status>${status}</Status></Kind>`).join('')}<Area><Name>${area}</Name><Code>${code}</Code></Area></Item>`;

const parse = (xml: string) => parseJmaReport(xml) as WeatherWarningReport;

describe('特別警報 from the weather warnings report (VPWW53)', () => {
  it('lists the special warnings in force by prefecture, reading past ordinary warnings', () => {
    const report = parse(
      warningReport({
        items:
          item('福岡県', '400000', ['大雨特別警報', '33', '発表'], ['洪水警報', '04', '継続'], ['雷注意報', '14', '継続']) +
          item('佐賀県', '410000', ['大雨警報', '03', '特別警報から警報']) +
          item('石狩・空知・後志地方', '016000', ['暴風雪特別警報', '32', '警報から特別警報'], ['大雪特別警報', '36', '継続']),
      }),
    );
    expect(report).toMatchObject({ kind: 'weather-warning', reportType: 'VPWW53', control: { status: 'normal' }, head: { eventId: null } });
    expect(report.specialWarnings).toEqual({
      kind: 'published',
      areas: [
        { areaCode: '400000', areaName: '福岡県', prefectureCode: '40', kinds: ['大雨特別警報'] },
        { areaCode: '016000', areaName: '石狩・空知・後志地方', prefectureCode: '01', kinds: ['暴風雪特別警報', '大雪特別警報'] },
      ],
    });
  });

  it('does not count a lifted (解除) special warning', () => {
    const report = parse(warningReport({ items: item('福岡県', '400000', ['大雨特別警報', '33', '解除']) }));
    expect(report.specialWarnings).toEqual({ kind: 'published', areas: [] });
  });

  it('keeps drills and cancellations explicit', () => {
    expect(parse(warningReport({ status: '訓練', items: item('福岡県', '400000', ['大雨特別警報', '33', '発表']) })).control.status).toBe('drill');
    expect(parse(warningReport({ infoType: '取消' })).specialWarnings).toEqual({ kind: 'cancelled' });
  });

  it.each([
    ['an area code that is not a 府県予報区 code', item('福岡県', '99', ['大雨特別警報', '33', '発表']), 'invalid-value'],
    ['an area code outside the prefectures', item('どこか', '480000', ['大雨特別警報', '33', '発表']), 'invalid-value'],
    ['an item without an area', '<Item><Kind><Name>大雨特別警報</Name><Code>33</Code><Status>発表</Status></Kind></Item>', 'invalid-structure'],
  ])('refuses %s', (_case, items, reason) => {
    expect(() => parseJmaReport(warningReport({ items }))).toThrow(expect.objectContaining({ reason: reason as JmaParseErrorReason }));
  });

  it('refuses a warnings report whose Body is not in the meteorology namespace', () => {
    const xml = warningReport({ items: item('福岡県', '400000', ['大雨特別警報', '33', '発表']) }).replace('jmaxml1/body/meteorology1/', 'jmaxml1/body/seismology1/');
    expect(() => parseJmaReport(xml)).toThrow(expect.objectContaining({ reason: 'wrong-namespace' }));
  });
});
