import type { DisasterEventV1 } from '@anpi/contracts';
import { disasterRuleInputSchema, type DisasterRule } from './disaster-rule';
import { alertText, isTooOldToAlert, matchRule, planFiring } from './rule-matching';

const now = new Date('2026-11-26T03:00:00Z');

function rule(overrides: Record<string, unknown> = {}): DisasterRule {
  const threshold = overrides.hazard === 'tsunami' ? {} : { hazard: 'earthquake', minIntensity: '5-' };
  const input = disasterRuleInputSchema.parse({ ...threshold, name: 'r', title: '地震', message: '回答してください', ...overrides });
  return { ...input, id: '0193f0c8-0000-7000-8000-000000000001', isDefault: false };
}

function event(overrides: Partial<DisasterEventV1> = {}): DisasterEventV1 {
  return {
    reportId: '0193f0c8-0000-7000-8000-0000000000e1',
    source: 'push',
    jmaEventId: '20110311144640',
    serial: 1,
    status: 'normal',
    infoType: 'issued',
    reportType: 'VXSE53',
    title: '震源・震度に関する情報',
    headline: '１１日１４時４６分ころ、地震がありました。',
    reportDateTime: '2011-03-11T14:50:00+09:00',
    intensities: [
      { prefectureCode: '04', maxIntensity: '7' },
      { prefectureCode: '13', maxIntensity: '5+' },
      { prefectureCode: '11', maxIntensity: '5-' },
      { prefectureCode: '01', maxIntensity: '4' },
    ],
    tsunami: [],
    specialWarnings: [],
    ...overrides,
  };
}

describe('matchRule', () => {
  it('keeps the prefectures at or above the threshold, on the ordered scale', () => {
    expect(matchRule(rule(), event())).toEqual({ prefectureCodes: ['04', '11', '13'], level: 8, levelLabel: '震度7' });
    expect(matchRule(rule({ minIntensity: '5+' }), event())?.prefectureCodes).toEqual(['04', '13']);
    expect(matchRule(rule({ minIntensity: '7' }), event({ intensities: [{ prefectureCode: '04', maxIntensity: '6+' }] }))).toBeNull();
  });

  it('limits the rule to its prefectures', () => {
    expect(matchRule(rule({ prefectureCodes: ['13', '14'] }), event())).toEqual({ prefectureCodes: ['13'], level: 5, levelLabel: '震度5強' });
    expect(matchRule(rule({ prefectureCodes: ['01'] }), event())).toBeNull();
  });

  it('matches tsunami rules on the tsunami categories only', () => {
    const tsunami = event({ reportType: 'VTSE41', intensities: [], tsunami: [{ prefectureCode: '04', category: 'major-tsunami-warning' }, { prefectureCode: '12', category: 'tsunami-advisory' }] });
    expect(matchRule(rule({ hazard: 'tsunami', minTsunamiCategory: 'tsunami-warning' }), tsunami)).toEqual({ prefectureCodes: ['04'], level: 2, levelLabel: '大津波警報' });
    expect(matchRule(rule(), tsunami)).toBeNull();
    expect(matchRule(rule({ hazard: 'tsunami', minTsunamiCategory: 'tsunami-advisory' }), event())).toBeNull();
  });
});

describe('matchRule for special warnings (特別警報)', () => {
  it('matches any special warning in force in the rule’s prefectures, and nothing else', () => {
    const warnings = event({ reportType: 'VPWW53', intensities: [], specialWarnings: [{ prefectureCode: '40', kinds: ['大雨特別警報'] }, { prefectureCode: '01', kinds: ['暴風雪特別警報', '大雪特別警報'] }] });
    const rule = (prefectureCodes: string[] | null) => {
      const input = disasterRuleInputSchema.parse({ hazard: 'special-warning', prefectureCodes, name: 'r', title: '特別警報', message: '回答してください' });
      return { ...input, id: '0193f0c8-0000-7000-8000-000000000002', isDefault: false };
    };
    expect(matchRule(rule(null), warnings)).toEqual({ prefectureCodes: ['01', '40'], level: 0, levelLabel: '大雨特別警報・暴風雪特別警報・大雪特別警報' });
    expect(matchRule(rule(['40', '41']), warnings)).toEqual({ prefectureCodes: ['40'], level: 0, levelLabel: '大雨特別警報' });
    expect(matchRule(rule(null), event())).toBeNull();
  });
});

describe('planFiring', () => {
  it('fires once per JMA EventID, keyed by rule and event', () => {
    expect(planFiring(rule(), event(), [], now)).toMatchObject({ kind: 'fire', drill: false, realert: false, idempotencyKey: 'jma:0193f0c8-0000-7000-8000-000000000001:20110311144640' });
    expect(planFiring(rule(), event({ serial: 2 }), [{ level: 8, firedAt: now }], now)).toEqual({ kind: 'none' });
  });

  it('never fires for a cancellation or a disabled rule', () => {
    expect(planFiring(rule(), event({ infoType: 'cancelled', intensities: [] }), [], now)).toEqual({ kind: 'none' });
    expect(planFiring(rule({ enabled: false }), event(), [], now)).toEqual({ kind: 'none' });
  });

  it('treats 訓練 and 試験 as drills: nothing, unless the tenant opted in, then a drill alert', () => {
    for (const status of ['drill', 'test'] as const) {
      expect(planFiring(rule(), event({ status }), [], now)).toEqual({ kind: 'none' });
      expect(planFiring(rule({ includeDrills: true }), event({ status }), [], now)).toMatchObject({ kind: 'fire', drill: true, idempotencyKey: expect.stringMatching(/^jma-drill:/) });
    }
  });

  it('re-alerts on a stronger level only when the rule says so, after the suppression window', () => {
    const realerting = rule({ realertOnRise: true, realertSuppressionMinutes: 10 });
    const weaker = [{ level: 5, firedAt: new Date(now.getTime() - 11 * 60_000) }];
    expect(planFiring(rule(), event(), weaker, now)).toEqual({ kind: 'none' });
    expect(planFiring(realerting, event(), weaker, now)).toMatchObject({ kind: 'fire', realert: true, idempotencyKey: expect.stringMatching(/:rise:8$/) });
    expect(planFiring(realerting, event(), [{ level: 5, firedAt: new Date(now.getTime() - 9 * 60_000) }], now)).toEqual({ kind: 'none' });
    expect(planFiring(realerting, event(), [{ level: 8, firedAt: new Date(now.getTime() - 60 * 60_000) }], now)).toEqual({ kind: 'none' });
  });
});

describe('alertText', () => {
  it('names the level and the prefectures, within the alert limits', () => {
    const plan = planFiring(rule(), event(), [], now);
    if (plan.kind !== 'fire') throw new Error('expected a firing');
    const text = alertText(rule(), event(), plan);
    expect(text.title).toBe('地震（震度7）');
    expect(text.message).toContain('対象地域: 宮城県、埼玉県、東京都');
    expect(alertText(rule({ message: 'x'.repeat(1000) }), event({ headline: 'y'.repeat(2000) }), plan).message.length).toBe(2000);
  });
});

describe('isTooOldToAlert', () => {
  const at = (iso: string) => event({ reportDateTime: iso });

  it('refuses reports older than the limit, and never a cancellation', () => {
    expect(isTooOldToAlert(at('2026-11-26T11:30:00+09:00'), now, 60)).toBe(false); // 30 min (JST) before now
    expect(isTooOldToAlert(at('2026-11-26T10:59:00+09:00'), now, 60)).toBe(true);
    expect(isTooOldToAlert({ ...at('2011-03-11T14:50:00+09:00'), infoType: 'cancelled' }, now, 60)).toBe(false);
    expect(isTooOldToAlert(at('2011-03-11T14:50:00+09:00'), now, 0)).toBe(false);
  });
});
