import { JMA_NAMESPACES } from './jma-namespaces';
import { JmaParseError } from './jma-parse-error';
import type { PrefectureCode } from './prefectures';
import type { InfoType, ReportControl, ReportHead } from './report-header';
import { tsunamiCategoryOfKindCode, type TsunamiCategory } from './tsunami-category';
import { isKnownNameOf, tsunamiForecastAreaByCode } from './tsunami-forecast-areas';
import { childrenNamed, optionalChild, requiredChild, requiredText, type XmlElement } from './xml/xml-element';

export interface TsunamiForecastItem {
  /** 津波予報区 code (three digits). */
  readonly areaCode: string;
  readonly areaName: string;
  readonly category: TsunamiCategory;
  readonly kindCode: string;
  readonly kindName: string;
  /** From Category/LastKind: what was in force for the area before this report. */
  readonly previousCategory: TsunamiCategory | null;
  /** Empty only for an area the parser could not place; such an area is also listed in unmappedAreas. */
  readonly prefectureCodes: readonly PrefectureCode[];
}

/**
 * An area the parser could not place in a prefecture:
 *  - unknown-code: the code is not in TSUNAMI_FORECAST_AREAS (a new area, or a table gap);
 *  - name-mismatch: the code is known but JMA sent a name it never had for it, so the code cannot be trusted.
 */
export interface UnmappedTsunamiArea {
  readonly code: string;
  readonly name: string;
  readonly reason: 'unknown-code' | 'name-mismatch';
}

/**
 * - published: the forecast items in JMA's order, with areas we cannot place in a prefecture listed
 *   separately so that a caller can escalate instead of silently skipping them.
 * - cancelled: 取消; every earlier report with this EventID is withdrawn.
 */
export type TsunamiForecast =
  | { readonly kind: 'published'; readonly items: readonly TsunamiForecastItem[]; readonly unmappedAreas: readonly UnmappedTsunamiArea[] }
  | { readonly kind: 'cancelled' };

export interface TsunamiReport {
  readonly kind: 'tsunami';
  /** VTSE41 津波警報・注意報・予報a. */
  readonly reportType: 'VTSE41';
  readonly control: ReportControl;
  readonly head: ReportHead;
  readonly forecast: TsunamiForecast;
}

const SEISMOLOGY = JMA_NAMESPACES.seismologyBody;

interface AreaPlacement {
  readonly prefectureCodes: readonly PrefectureCode[];
  readonly unmappedReason: UnmappedTsunamiArea['reason'] | null;
}

export function readTsunamiBody(body: XmlElement, infoType: InfoType): TsunamiForecast {
  if (infoType === 'cancelled') return { kind: 'cancelled' };
  const forecast = requiredChild(requiredChild(body, SEISMOLOGY, 'Tsunami'), SEISMOLOGY, 'Forecast');
  const readItems = childrenNamed(forecast, SEISMOLOGY, 'Item').map(readForecastItem);
  return {
    kind: 'published',
    items: readItems.map(({ item }) => item),
    unmappedAreas: readItems.flatMap(({ unmapped }) => (unmapped ? [unmapped] : [])),
  };
}

function readForecastItem(itemElement: XmlElement): { item: TsunamiForecastItem; unmapped?: UnmappedTsunamiArea } {
  const area = requiredChild(itemElement, SEISMOLOGY, 'Area');
  const areaName = requiredText(area, SEISMOLOGY, 'Name');
  const areaCode = requiredText(area, SEISMOLOGY, 'Code');
  const placement = placeArea(areaCode, areaName);
  const category = requiredChild(itemElement, SEISMOLOGY, 'Category');
  const kind = requiredChild(category, SEISMOLOGY, 'Kind');
  const kindCode = requiredText(kind, SEISMOLOGY, 'Code');
  const lastKind = optionalChild(category, SEISMOLOGY, 'LastKind');
  const item: TsunamiForecastItem = {
    areaCode,
    areaName,
    category: tsunamiCategoryOfKindCode(kindCode),
    kindCode,
    kindName: requiredText(kind, SEISMOLOGY, 'Name'),
    previousCategory: lastKind ? tsunamiCategoryOfKindCode(requiredText(lastKind, SEISMOLOGY, 'Code')) : null,
    prefectureCodes: placement.prefectureCodes,
  };
  return placement.unmappedReason ? { item, unmapped: { code: areaCode, name: areaName, reason: placement.unmappedReason } } : { item };
}

// One area we cannot place must not block the warnings for all the others, so it is reported
// instead of failing the report; a code that is not even three digits is garbage and is refused.
function placeArea(code: string, name: string): AreaPlacement {
  if (!/^\d{3}$/.test(code)) {
    throw new JmaParseError('invalid-value', `津波予報区 code "${code}" (${name}) is not three digits`);
  }
  const known = tsunamiForecastAreaByCode(code);
  if (!known) return { prefectureCodes: [], unmappedReason: 'unknown-code' };
  if (!isKnownNameOf(known, name)) return { prefectureCodes: [], unmappedReason: 'name-mismatch' };
  return { prefectureCodes: known.prefectureCodes, unmappedReason: null };
}
