import { JMA_NAMESPACES } from './jma-namespaces';
import { JmaParseError } from './jma-parse-error';
import { isPrefectureCode, type PrefectureCode } from './prefectures';
import type { InfoType, ReportControl, ReportHead } from './report-header';
import { childrenNamed, requiredChild, requiredText, type XmlElement } from './xml/xml-element';

/**
 * 特別警報 codes of JMA's code table 「警報等情報要素／気象警報・注意報」. Only these matter for
 * alerts; ordinary warnings and advisories (大雨警報, 強風注意報 …) are read past.
 */
export const SPECIAL_WARNING_KIND_CODES: ReadonlyMap<string, string> = new Map([
  ['32', '暴風雪特別警報'],
  ['33', '大雨特別警報'],
  ['35', '暴風特別警報'],
  ['36', '大雪特別警報'],
  ['37', '波浪特別警報'],
  ['38', '高潮特別警報'],
]);

/** The Warning block whose areas are 府県予報区 (codes like 130000): the prefecture-level view. */
const PREFECTURE_LEVEL_WARNING = '気象警報・注意報（府県予報区等）';

export interface SpecialWarningArea {
  /** 府県予報区 code, e.g. 130000 東京都, 016000 石狩・空知・後志地方. */
  readonly areaCode: string;
  readonly areaName: string;
  /** JIS X 0401: the first two digits of a 府県予報区 code. */
  readonly prefectureCode: PrefectureCode;
  /** Special warnings in force for the area after this report, e.g. ['大雨特別警報']. */
  readonly kinds: readonly string[];
}

export type SpecialWarnings = { readonly kind: 'published'; readonly areas: readonly SpecialWarningArea[] } | { readonly kind: 'cancelled' };

/** VPWW53 気象特別警報・警報・注意報, reduced to the special warnings in force by prefecture. */
export interface WeatherWarningReport {
  readonly kind: 'weather-warning';
  readonly reportType: 'VPWW53';
  readonly control: ReportControl;
  readonly head: ReportHead;
  readonly specialWarnings: SpecialWarnings;
}

const METEOROLOGY = JMA_NAMESPACES.meteorologyBody;

// Status 解除 lifts the kind named in the same Kind element; every other status (発表, 継続,
// 警報から特別警報 …) means the kind is in force after this report.
const LIFTED = '解除';

export function readSpecialWarningsBody(body: XmlElement, infoType: InfoType): SpecialWarnings {
  if (infoType === 'cancelled') return { kind: 'cancelled' };
  const warning = childrenNamed(body, METEOROLOGY, 'Warning').find((candidate) => candidate.attributes.get('type') === PREFECTURE_LEVEL_WARNING);
  if (!warning) throw new JmaParseError('invalid-structure', `Body/Warning of type ${PREFECTURE_LEVEL_WARNING} is missing`);
  return { kind: 'published', areas: childrenNamed(warning, METEOROLOGY, 'Item').map(readItem).filter((area) => area.kinds.length > 0) };
}

function readItem(item: XmlElement): SpecialWarningArea {
  const area = requiredChild(item, METEOROLOGY, 'Area');
  const areaCode = requiredText(area, METEOROLOGY, 'Code');
  const areaName = requiredText(area, METEOROLOGY, 'Name');
  const prefectureCode = areaCode.slice(0, 2);
  if (!/^\d{6}$/.test(areaCode) || !isPrefectureCode(prefectureCode)) {
    throw new JmaParseError('invalid-value', `府県予報区 code "${areaCode}" (${areaName}) is not six digits starting with a prefecture code`);
  }
  const kinds = childrenNamed(item, METEOROLOGY, 'Kind').flatMap((kind) => {
    const name = SPECIAL_WARNING_KIND_CODES.get(requiredText(kind, METEOROLOGY, 'Code'));
    const status = childrenNamed(kind, METEOROLOGY, 'Status')[0];
    return name !== undefined && status !== undefined && status.text.trim() !== LIFTED ? [name] : [];
  });
  return { areaCode, areaName, prefectureCode, kinds };
}
