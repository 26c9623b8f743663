export interface TimelinePoint {
  secondsSinceOpen: number;
  responded: number;
}

export interface ChartGeometry {
  /** SVG polyline points, x in seconds scaled to width, y = answer rate scaled to height (0 % at the bottom). */
  points: string;
  /** Seconds at the right edge. */
  spanSeconds: number;
  /** Latest rate 0–1. */
  latestRate: number;
}

/**
 * Answer rate over time as a step line from the alert's opening (0 answers at 0 s) to the
 * latest bucket. Plain SVG: no chart library in the bundle.
 */
export function answerRateGeometry(timeline: TimelinePoint[], recipients: number, width: number, height: number): ChartGeometry {
  const sorted = [...timeline].sort((a, b) => a.secondsSinceOpen - b.secondsSinceOpen);
  const spanSeconds = Math.max(60, sorted.at(-1)?.secondsSinceOpen ?? 0);
  const rate = (responded: number) => (recipients > 0 ? Math.min(1, responded / recipients) : 0);
  const x = (seconds: number) => round((seconds / spanSeconds) * width);
  const y = (value: number) => round(height - value * height);
  const coordinates: string[] = [`0,${height}`];
  let previous = 0;
  for (const point of sorted) {
    coordinates.push(`${x(point.secondsSinceOpen)},${y(previous)}`, `${x(point.secondsSinceOpen)},${y(rate(point.responded))}`);
    previous = rate(point.responded);
  }
  coordinates.push(`${width},${y(previous)}`);
  return { points: coordinates.join(' '), spanSeconds, latestRate: previous };
}

const round = (value: number) => Math.round(value * 10) / 10;
