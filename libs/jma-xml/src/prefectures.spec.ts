import { PREFECTURES, isPrefectureCode, prefectureByCode } from './prefectures';

describe('prefecture table', () => {
  it('holds the 47 JIS X 0401 codes 01-47 in order, with distinct names', () => {
    expect(PREFECTURES.map((prefecture) => prefecture.code)).toEqual(Array.from({ length: 47 }, (_, index) => String(index + 1).padStart(2, '0')));
    expect(new Set(PREFECTURES.map((prefecture) => prefecture.nameJa)).size).toBe(47);
    expect(new Set(PREFECTURES.map((prefecture) => prefecture.nameEn)).size).toBe(47);
  });

  it('looks prefectures up by code', () => {
    expect(prefectureByCode('04')).toEqual({ code: '04', nameJa: '宮城県', nameEn: 'Miyagi' });
    expect(prefectureByCode('13').nameJa).toBe('東京都');
    expect(prefectureByCode('47').nameEn).toBe('Okinawa');
  });

  it.each(['00', '48', '4', '004', ' 04', '', 'ab'])('does not accept %p as a prefecture code', (code) => {
    expect(isPrefectureCode(code)).toBe(false);
  });
});
