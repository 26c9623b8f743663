import { characterCount, smsEncodingOf, smsSegmentCount } from './channel-limits';

describe('SMS segments', () => {
  it('fits 160 GSM-7 characters in one segment and splits longer texts into 153-character parts', () => {
    expect(smsEncodingOf('Are you safe? Reply here').name).toBe('GSM-7');
    expect(smsSegmentCount('a'.repeat(160))).toBe(1);
    expect(smsSegmentCount('a'.repeat(161))).toBe(2);
    expect(smsSegmentCount('a'.repeat(306))).toBe(2);
    expect(smsSegmentCount('a'.repeat(307))).toBe(3);
  });

  it('counts GSM-7 extension characters (€, [, ] …) as two', () => {
    expect(smsEncodingOf('€').name).toBe('GSM-7');
    expect(smsSegmentCount('€'.repeat(80))).toBe(1);
    expect(smsSegmentCount('€'.repeat(81))).toBe(2);
  });

  it('switches to UCS-2 (70 per segment, 67 when split) as soon as one character is not GSM-7', () => {
    expect(smsEncodingOf('安否確認').name).toBe('UCS-2');
    expect(smsSegmentCount('あ'.repeat(70))).toBe(1);
    expect(smsSegmentCount('あ'.repeat(71))).toBe(2);
    expect(smsSegmentCount('a'.repeat(69) + 'あ')).toBe(1);
    expect(smsSegmentCount('a'.repeat(70) + 'あ')).toBe(2);
    expect(smsSegmentCount('あ'.repeat(135))).toBe(3);
  });

  it('counts an emoji outside the BMP as two UCS-2 units', () => {
    expect(smsSegmentCount('🙂'.repeat(35))).toBe(1);
    expect(smsSegmentCount('🙂'.repeat(36))).toBe(2);
  });
});

describe('characterCount', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(characterCount('🙂安否')).toBe(3);
  });
});
