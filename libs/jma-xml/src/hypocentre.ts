import { JMA_NAMESPACES } from './jma-namespaces';
import { childrenNamed, optionalChild, optionalText, trimmedText, type XmlElement } from './xml/xml-element';

/**
 * Where and how big, as far as JMA knows at the time of the report. Descriptive only: no alert
 * decision depends on it, so a value JMA marks unknown (or that cannot be read) becomes null
 * instead of failing the whole report.
 */
export interface Hypocentre {
  readonly originTime: string | null;
  /** 震央地名, e.g. 三陸沖. */
  readonly areaName: string;
  readonly areaCode: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly depthKm: number | null;
  /** Null when JMA sends NaN, e.g. for "Ｍ８を超える巨大地震" before the size is known. */
  readonly magnitude: number | null;
  readonly magnitudeType: string | null;
  /** JMA's wording, the only information when the magnitude is NaN. */
  readonly magnitudeDescription: string | null;
}

const SEISMOLOGY = JMA_NAMESPACES.seismologyBody;
const ELEMENT_BASIS = JMA_NAMESPACES.elementBasis;

// ISO 6709 as JMA writes it: +38.0+142.9-10000/ (latitude, longitude, altitude in metres).
// Depth is omitted when unknown (-36.1-072.6/).
const JMA_COORDINATE = /^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)(?:([+-]\d+(?:\.\d+)?))?\/$/;

export function readHypocentre(earthquake: XmlElement): Hypocentre | null {
  const area = hypocentreArea(earthquake);
  const areaName = area ? optionalText(area, SEISMOLOGY, 'Name') : undefined;
  if (!area || areaName === undefined) return null;
  const coordinate = readCoordinate(area);
  const magnitude = childrenNamed(earthquake, ELEMENT_BASIS, 'Magnitude')[0];
  return {
    originTime: optionalText(earthquake, SEISMOLOGY, 'OriginTime') ?? null,
    areaName,
    areaCode: optionalText(area, SEISMOLOGY, 'Code') ?? null,
    ...coordinate,
    magnitude: magnitude ? readFiniteNumber(trimmedText(magnitude)) : null,
    magnitudeType: magnitude?.attributes.get('type') ?? null,
    magnitudeDescription: magnitude?.attributes.get('description') || null,
  };
}

function hypocentreArea(earthquake: XmlElement): XmlElement | undefined {
  const hypocenter = optionalChild(earthquake, SEISMOLOGY, 'Hypocenter');
  return hypocenter ? optionalChild(hypocenter, SEISMOLOGY, 'Area') : undefined;
}

function readCoordinate(area: XmlElement): Pick<Hypocentre, 'latitude' | 'longitude' | 'depthKm'> {
  const coordinate = childrenNamed(area, ELEMENT_BASIS, 'Coordinate')[0];
  const match = coordinate ? JMA_COORDINATE.exec(trimmedText(coordinate)) : null;
  if (!match) return { latitude: null, longitude: null, depthKm: null };
  const [, latitude, longitude, altitudeMetres] = match;
  return {
    latitude: Number(latitude),
    longitude: Number(longitude),
    depthKm: altitudeMetres === undefined ? null : depthKmFromAltitude(Number(altitudeMetres)),
  };
}

// Altitude is negative below sea level; 0 is JMA's ごく浅い. A hypocentre above ground is nonsense.
function depthKmFromAltitude(altitudeMetres: number): number | null {
  if (altitudeMetres > 0) return null;
  return Math.abs(altitudeMetres) / 1000;
}

function readFiniteNumber(text: string): number | null {
  const value = Number(text);
  return text !== '' && Number.isFinite(value) ? value : null;
}
