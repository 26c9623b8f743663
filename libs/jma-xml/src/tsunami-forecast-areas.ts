import type { PrefectureCode } from './prefectures';

export interface TsunamiForecastArea {
  readonly code: string;
  readonly name: string;
  /** Earlier names JMA used for the same code, still accepted (older reports, replays). */
  readonly formerNames?: readonly string[];
  /** Prefectures whose coast lies (at least partly) in the area. Never empty. */
  readonly prefectureCodes: readonly PrefectureCode[];
}

/**
 * 津波予報区 (code table 「津波予報区」, Body/Tsunami/Forecast/Item/Area/Code) → JIS X 0401 prefectures.
 *
 * The areas are JMA's 66 津波予報区, as defined by 気象庁 and coded in the 防災情報XML individual code table
 * 「津波予報区」 (技術資料, https://xml.kishou.go.jp/). All 66 codes and names below appear verbatim in the
 * official VTSE41 samples (32-39_12_02_191025_VTSE41.xml lists every one); the spec checks that.
 *
 * How the prefectures were decided (only what the area name and the coastline establish):
 *  - an area named after a prefecture, or after part of one, belongs to that prefecture;
 *  - an island or bay area belongs to the prefecture that governs it (オホーツク海沿岸 → 北海道,
 *    陸奥湾 → 青森, 伊豆諸島/小笠原諸島 → 東京, 相模湾・三浦半島 → 神奈川 (静岡's coast is its own
 *    area 静岡県), 佐渡 → 新潟, 淡路島南部 → 兵庫, 隠岐 → 島根, 壱岐・対馬 → 長崎, 種子島・屋久島地方 and
 *    奄美群島・トカラ列島 → 鹿児島, 沖縄の三地方 → 沖縄);
 *  - areas shared by several prefectures list every prefecture on that water: 東京湾内湾 → 千葉・東京・神奈川,
 *    伊勢・三河湾 → 愛知・三重, 有明・八代海 → 福岡・佐賀・長崎・熊本.
 *
 * Unverified, left out on purpose: 鹿児島県 for 有明・八代海. 八代海's southern shore (出水市, 長島町) is
 * in Kagoshima, but whether JMA counts it in 有明・八代海 or in 鹿児島県西部 could not be confirmed from the
 * sources at hand; 鹿児島県西部 already maps to 鹿児島. Confirm against JMA's definition before adding it.
 *
 * A code missing from this table, or a known code under a name it never had, is reported by the
 * parser as an unmapped area, never dropped and never guessed.
 */
export const TSUNAMI_FORECAST_AREAS: readonly TsunamiForecastArea[] = [
  { code: '100', name: '北海道太平洋沿岸東部', prefectureCodes: ['01'] },
  { code: '101', name: '北海道太平洋沿岸中部', prefectureCodes: ['01'] },
  { code: '102', name: '北海道太平洋沿岸西部', prefectureCodes: ['01'] },
  { code: '110', name: '北海道日本海沿岸北部', prefectureCodes: ['01'] },
  { code: '111', name: '北海道日本海沿岸南部', prefectureCodes: ['01'] },
  { code: '120', name: 'オホーツク海沿岸', prefectureCodes: ['01'] },
  { code: '200', name: '青森県日本海沿岸', prefectureCodes: ['02'] },
  { code: '201', name: '青森県太平洋沿岸', prefectureCodes: ['02'] },
  { code: '202', name: '陸奥湾', prefectureCodes: ['02'] },
  { code: '210', name: '岩手県', prefectureCodes: ['03'] },
  { code: '220', name: '宮城県', prefectureCodes: ['04'] },
  { code: '230', name: '秋田県', prefectureCodes: ['05'] },
  { code: '240', name: '山形県', prefectureCodes: ['06'] },
  { code: '250', name: '福島県', prefectureCodes: ['07'] },
  { code: '300', name: '茨城県', prefectureCodes: ['08'] },
  { code: '310', name: '千葉県九十九里・外房', prefectureCodes: ['12'] },
  { code: '311', name: '千葉県内房', prefectureCodes: ['12'] },
  { code: '312', name: '東京湾内湾', prefectureCodes: ['12', '13', '14'] },
  { code: '320', name: '伊豆諸島', prefectureCodes: ['13'] },
  { code: '321', name: '小笠原諸島', prefectureCodes: ['13'] },
  { code: '330', name: '相模湾・三浦半島', prefectureCodes: ['14'] },
  { code: '340', name: '新潟県上中下越', prefectureCodes: ['15'] },
  { code: '341', name: '佐渡', prefectureCodes: ['15'] },
  { code: '350', name: '富山県', prefectureCodes: ['16'] },
  { code: '360', name: '石川県能登', prefectureCodes: ['17'] },
  { code: '361', name: '石川県加賀', prefectureCodes: ['17'] },
  { code: '370', name: '福井県', prefectureCodes: ['18'] },
  { code: '380', name: '静岡県', prefectureCodes: ['22'] },
  { code: '390', name: '愛知県外海', prefectureCodes: ['23'] },
  { code: '391', name: '伊勢・三河湾', prefectureCodes: ['23', '24'] },
  { code: '400', name: '三重県南部', prefectureCodes: ['24'] },
  { code: '500', name: '京都府', prefectureCodes: ['26'] },
  { code: '510', name: '大阪府', prefectureCodes: ['27'] },
  { code: '520', name: '兵庫県北部', prefectureCodes: ['28'] },
  { code: '521', name: '兵庫県瀬戸内海沿岸', prefectureCodes: ['28'] },
  { code: '522', name: '淡路島南部', prefectureCodes: ['28'] },
  { code: '530', name: '和歌山県', prefectureCodes: ['30'] },
  { code: '540', name: '鳥取県', prefectureCodes: ['31'] },
  { code: '550', name: '島根県出雲・石見', prefectureCodes: ['32'] },
  { code: '551', name: '隠岐', prefectureCodes: ['32'] },
  { code: '560', name: '岡山県', prefectureCodes: ['33'] },
  { code: '570', name: '広島県', prefectureCodes: ['34'] },
  { code: '580', name: '徳島県', prefectureCodes: ['36'] },
  { code: '590', name: '香川県', prefectureCodes: ['37'] },
  { code: '600', name: '愛媛県宇和海沿岸', prefectureCodes: ['38'] },
  { code: '601', name: '愛媛県瀬戸内海沿岸', prefectureCodes: ['38'] },
  { code: '610', name: '高知県', prefectureCodes: ['39'] },
  { code: '700', name: '山口県日本海沿岸', prefectureCodes: ['35'] },
  { code: '701', name: '山口県瀬戸内海沿岸', prefectureCodes: ['35'] },
  { code: '710', name: '福岡県瀬戸内海沿岸', prefectureCodes: ['40'] },
  { code: '711', name: '福岡県日本海沿岸', prefectureCodes: ['40'] },
  { code: '712', name: '有明・八代海', prefectureCodes: ['40', '41', '42', '43'] },
  { code: '720', name: '佐賀県北部', prefectureCodes: ['41'] },
  { code: '730', name: '長崎県西方', prefectureCodes: ['42'] },
  { code: '731', name: '壱岐・対馬', prefectureCodes: ['42'] },
  { code: '740', name: '熊本県天草灘沿岸', prefectureCodes: ['43'] },
  { code: '750', name: '大分県瀬戸内海沿岸', prefectureCodes: ['44'] },
  { code: '751', name: '大分県豊後水道沿岸', prefectureCodes: ['44'] },
  { code: '760', name: '宮崎県', prefectureCodes: ['45'] },
  { code: '770', name: '鹿児島県東部', prefectureCodes: ['46'] },
  { code: '771', name: '種子島・屋久島地方', prefectureCodes: ['46'] },
  // Named 奄美諸島・トカラ列島 in the 2012 samples, 奄美群島・トカラ列島 in the 2019 ones: same code, same coast.
  { code: '772', name: '奄美群島・トカラ列島', formerNames: ['奄美諸島・トカラ列島'], prefectureCodes: ['46'] },
  { code: '773', name: '鹿児島県西部', prefectureCodes: ['46'] },
  { code: '800', name: '沖縄本島地方', prefectureCodes: ['47'] },
  { code: '801', name: '大東島地方', prefectureCodes: ['47'] },
  { code: '802', name: '宮古島・八重山地方', prefectureCodes: ['47'] },
];

const AREAS_BY_CODE: ReadonlyMap<string, TsunamiForecastArea> = new Map(TSUNAMI_FORECAST_AREAS.map((area) => [area.code, area]));

export function tsunamiForecastAreaByCode(code: string): TsunamiForecastArea | undefined {
  return AREAS_BY_CODE.get(code);
}

export function isKnownNameOf(area: TsunamiForecastArea, name: string): boolean {
  return area.name === name || (area.formerNames ?? []).includes(name);
}
