import { JmaParseError } from './jma-parse-error';

/**
 * Severity of a tsunami forecast item, strongest first in this list:
 *  - major-tsunami-warning: 大津波警報
 *  - tsunami-warning: 津波警報
 *  - tsunami-advisory: 津波注意報
 *  - forecast: 津波予報（若干の海面変動）, slight sea-level change, no damage expected
 *  - cleared: a warning or advisory has been lifted (解除) and nothing replaces it
 *  - none: 津波なし
 */
export type TsunamiCategory = 'major-tsunami-warning' | 'tsunami-warning' | 'tsunami-advisory' | 'forecast' | 'cleared' | 'none';

/**
 * Category/Kind/Code and Category/LastKind/Code use JMA's code table
 * 「警報等情報要素／津波警報・注意報・予報」. Every code below appears in the VTSE41 samples
 * (shared/fixtures/jma/examples) with the name shown; the notes in brackets are read from
 * the LastKind each one follows in those samples. A code outside this table is refused.
 *
 *   00 津波なし                                  -> none
 *   50 警報解除 (follows 51/52)                    -> cleared
 *   51 津波警報                                  -> tsunami-warning
 *   52 大津波警報 (continuing: follows 52/53)        -> major-tsunami-warning
 *   53 大津波警報：発表 (new: follows 00/51)         -> major-tsunami-warning
 *   60 津波注意報解除 (follows 62)                  -> cleared
 *   62 津波注意報                                -> tsunami-advisory
 *   71 津波予報（若干の海面変動）                    -> forecast
 *   72 津波予報（若干の海面変動） (follows 62)        -> forecast
 *   73 津波予報（若干の海面変動） (follows 51/52)     -> forecast
 */
export const TSUNAMI_CATEGORY_BY_KIND_CODE: ReadonlyMap<string, TsunamiCategory> = new Map([
  ['00', 'none'],
  ['50', 'cleared'],
  ['51', 'tsunami-warning'],
  ['52', 'major-tsunami-warning'],
  ['53', 'major-tsunami-warning'],
  ['60', 'cleared'],
  ['62', 'tsunami-advisory'],
  ['71', 'forecast'],
  ['72', 'forecast'],
  ['73', 'forecast'],
]);

export function tsunamiCategoryOfKindCode(code: string): TsunamiCategory {
  const category = TSUNAMI_CATEGORY_BY_KIND_CODE.get(code);
  if (!category) {
    throw new JmaParseError('invalid-value', `tsunami kind code "${code}" is not in JMA's 津波警報・注意報・予報 code table`);
  }
  return category;
}
