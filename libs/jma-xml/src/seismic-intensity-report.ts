import { readHypocentre, type Hypocentre } from './hypocentre';
import { JMA_NAMESPACES } from './jma-namespaces';
import { JmaParseError } from './jma-parse-error';
import { isPrefectureCode, prefectureByCode, type PrefectureCode } from './prefectures';
import type { InfoType, ReportControl, ReportHead } from './report-header';
import { parseSeismicIntensity, type SeismicIntensity } from './seismic-intensity';
import { childrenNamed, descendantsNamed, optionalChild, optionalText, requiredChild, requiredText, trimmedText, type XmlElement } from './xml/xml-element';

/** VXSE51 震度速報 (intensity flash, no hypocentre) and VXSE53 震源・震度に関する情報. */
export type SeismicIntensityReportType = 'VXSE51' | 'VXSE53';

/** Pref/Revise: how this entry changed since the previous report of the same event. */
export type IntensityRevision = 'raised' | 'added' | 'updated';

export interface PrefectureIntensity {
  readonly code: PrefectureCode;
  readonly name: string;
  /** Null when JMA gives no MaxInt for the prefecture (only stations that have not reported yet). */
  readonly maxIntensity: SeismicIntensity | null;
  /**
   * 震度５弱以上未入電: a station in the prefecture likely measured 5- or more but its value has
   * not arrived. The prefecture's MaxInt may understate the shaking until a later report.
   */
  readonly strongShakingUnreported: boolean;
  readonly revision: IntensityRevision | null;
}

/**
 * What the report says about shaking:
 *  - observed: Body/Intensity is present; prefectures in JMA's order (strongest first).
 *  - not-observed: a VXSE53 without Body/Intensity, e.g. a distant earthquake felt nowhere in Japan.
 *  - cancelled: 取消; every earlier report with this EventID is withdrawn and no intensity is given.
 */
export type IntensityObservation =
  | {
      readonly kind: 'observed';
      /** Null only when JMA omits Observation/MaxInt (all strong-motion values still unreported). */
      readonly maxIntensity: SeismicIntensity | null;
      readonly prefectures: readonly PrefectureIntensity[];
    }
  | { readonly kind: 'not-observed' }
  | { readonly kind: 'cancelled' };

export interface SeismicIntensityReport {
  readonly kind: 'seismic-intensity';
  readonly reportType: SeismicIntensityReportType;
  readonly control: ReportControl;
  readonly head: ReportHead;
  /** VXSE53 only; null for VXSE51 and for cancellations. */
  readonly hypocentre: Hypocentre | null;
  readonly observation: IntensityObservation;
}

const SEISMOLOGY = JMA_NAMESPACES.seismologyBody;
const UNREPORTED_STRONG_SHAKING = '震度５弱以上未入電';

const REVISION_BY_TEXT: ReadonlyMap<string, IntensityRevision> = new Map([
  ['上方修正', 'raised'],
  ['追加', 'added'],
  ['更新', 'updated'],
]);

export function readSeismicIntensityBody(
  body: XmlElement,
  reportType: SeismicIntensityReportType,
  infoType: InfoType,
): Pick<SeismicIntensityReport, 'hypocentre' | 'observation'> {
  if (infoType === 'cancelled') {
    return { hypocentre: null, observation: { kind: 'cancelled' } };
  }
  return {
    hypocentre: reportType === 'VXSE53' ? readEarthquake(body) : null,
    observation: readObservation(body, reportType),
  };
}

function readEarthquake(body: XmlElement): Hypocentre | null {
  const earthquake = optionalChild(body, SEISMOLOGY, 'Earthquake');
  return earthquake ? readHypocentre(earthquake) : null;
}

function readObservation(body: XmlElement, reportType: SeismicIntensityReportType): IntensityObservation {
  const intensity = optionalChild(body, SEISMOLOGY, 'Intensity');
  if (!intensity) {
    // A 震度速報 exists only to report intensities; without them it is not a report we can trust.
    if (reportType === 'VXSE51') throw new JmaParseError('invalid-structure', 'Body/Intensity is missing from a VXSE51 report');
    return { kind: 'not-observed' };
  }
  const observation = requiredChild(intensity, SEISMOLOGY, 'Observation');
  const maxIntensity = optionalText(observation, SEISMOLOGY, 'MaxInt');
  return {
    kind: 'observed',
    maxIntensity: maxIntensity === undefined ? null : parseSeismicIntensity(maxIntensity),
    prefectures: childrenNamed(observation, SEISMOLOGY, 'Pref').map(readPrefectureIntensity),
  };
}

function readPrefectureIntensity(pref: XmlElement): PrefectureIntensity {
  const name = requiredText(pref, SEISMOLOGY, 'Name');
  const maxIntensity = optionalText(pref, SEISMOLOGY, 'MaxInt');
  const revision = optionalText(pref, SEISMOLOGY, 'Revise');
  return {
    code: readPrefectureCode(requiredText(pref, SEISMOLOGY, 'Code'), name),
    name,
    maxIntensity: maxIntensity === undefined ? null : parseSeismicIntensity(maxIntensity),
    strongShakingUnreported: descendantsNamed(pref, SEISMOLOGY, 'Condition').some((condition) => trimmedText(condition) === UNREPORTED_STRONG_SHAKING),
    revision: revision === undefined ? null : readRevision(revision),
  };
}

// Code and name must agree: a corrupted code would otherwise alert the wrong prefecture.
function readPrefectureCode(code: string, name: string): PrefectureCode {
  if (!isPrefectureCode(code)) {
    throw new JmaParseError('invalid-value', `Pref/Code "${code}" (${name}) is not a JIS X 0401 prefecture code 01-47`);
  }
  const expectedName = prefectureByCode(code).nameJa;
  if (name !== expectedName) {
    throw new JmaParseError('invalid-value', `Pref/Code ${code} is ${expectedName}, but the report names it ${name}`);
  }
  return code;
}

function readRevision(text: string): IntensityRevision {
  const revision = REVISION_BY_TEXT.get(text);
  if (!revision) throw new JmaParseError('invalid-value', `Pref/Revise "${text}" is not one of ${[...REVISION_BY_TEXT.keys()].join(', ')}`);
  return revision;
}
