import { JmaParseError } from './jma-parse-error';

/**
 * 気象庁震度階級 as JMA writes it in XML (MaxInt, Int), weakest first. 震度0 is never
 * published in these reports, and 5-/5+/6-/6+ are 弱/強: string order is not intensity order,
 * so always compare through this scale.
 */
export const SEISMIC_INTENSITY_SCALE = ['1', '2', '3', '4', '5-', '5+', '6-', '6+', '7'] as const;

export type SeismicIntensity = (typeof SEISMIC_INTENSITY_SCALE)[number];

const RANK: ReadonlyMap<string, number> = new Map(SEISMIC_INTENSITY_SCALE.map((intensity, rank) => [intensity, rank]));

export function isSeismicIntensity(value: string): value is SeismicIntensity {
  return RANK.has(value);
}

/**
 * Accepts exactly the XML notation (surrounding whitespace aside). Anything else, including
 * the Japanese spelling 5弱 or an out-of-scale 8, is refused rather than guessed.
 */
export function parseSeismicIntensity(value: string): SeismicIntensity {
  const trimmed = value.trim();
  if (!isSeismicIntensity(trimmed)) {
    throw new JmaParseError('invalid-value', `"${value}" is not a JMA seismic intensity (${SEISMIC_INTENSITY_SCALE.join(' ')})`);
  }
  return trimmed;
}

/** Negative when a is weaker than b, zero when equal, positive when stronger: usable with Array.sort. */
export function compareIntensity(a: SeismicIntensity, b: SeismicIntensity): number {
  return rankOf(a) - rankOf(b);
}

export function intensityAtLeast(intensity: SeismicIntensity, threshold: SeismicIntensity): boolean {
  return compareIntensity(intensity, threshold) >= 0;
}

function rankOf(intensity: SeismicIntensity): number {
  const rank = RANK.get(intensity);
  // Only reachable if a caller casts an arbitrary string to SeismicIntensity.
  if (rank === undefined) throw new JmaParseError('invalid-value', `"${intensity}" is not a JMA seismic intensity`);
  return rank;
}
