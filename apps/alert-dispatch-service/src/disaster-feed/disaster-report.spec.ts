import { parseJmaReport } from '@anpi/jma-xml';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decideOnReport } from './disaster-report';

const EXAMPLES = path.resolve(__dirname, '../../../../../shared/fixtures/jma/examples');
const decide = (name: string) => decideOnReport(parseJmaReport(readFileSync(path.join(EXAMPLES, name))));

describe('decideOnReport on the official JMA samples', () => {
  it('reduces the 2011-03-11 VXSE53 report to the strongest intensity per prefecture', () => {
    const decision = decide('32-39_11_05_120615_VXSE53.xml');
    if (decision.kind !== 'publish') throw new Error(decision.reason);
    expect(decision.facts).toMatchObject({ jmaEventId: '20110311144640', serial: 1, status: 'normal', infoType: 'issued', reportType: 'VXSE53', tsunami: [] });
    const byPrefecture = new Map(decision.facts.intensities.map((entry) => [entry.prefectureCode, entry.maxIntensity]));
    expect(byPrefecture.get('04')).toBe('7');
    expect(new Set(decision.facts.intensities.map((entry) => entry.prefectureCode)).size).toBe(decision.facts.intensities.length);
  });

  it('keeps the status of a drill and the cancellation of an event', () => {
    expect(decide('32-35_01_03_100806_VXSE53.xml')).toMatchObject({ kind: 'publish', facts: { status: 'drill' } });
    expect(decide('32-35_06_06_100915_VXSE53.xml')).toMatchObject({ kind: 'publish', facts: { infoType: 'cancelled', intensities: [] } });
  });

  it('maps tsunami warnings to prefectures, strongest category each', () => {
    const decision = decide('32-39_11_02_120615_VTSE41.xml');
    if (decision.kind !== 'publish') throw new Error(decision.reason);
    expect(decision.facts.tsunami).toContainEqual({ prefectureCode: '04', category: 'major-tsunami-warning' });
    expect(decision.facts.tsunami.every((entry) => entry.category !== ('forecast' as string))).toBe(true);
  });

  it('ignores reports that cannot drive an alert, with a reason', () => {
    expect(decide('32-35_06_01_100915_VXSE52.xml')).toEqual({ kind: 'ignore', reason: 'report type "震源に関する情報" does not drive alerts' });
  });
});
