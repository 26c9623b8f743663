import { JmaParseError } from './jma-parse-error';
import { SEISMIC_INTENSITY_SCALE, compareIntensity, intensityAtLeast, isSeismicIntensity, parseSeismicIntensity, type SeismicIntensity } from './seismic-intensity';

describe('seismic intensity scale', () => {
  it('orders 1 < 2 < 3 < 4 < 5- < 5+ < 6- < 6+ < 7', () => {
    const shuffled: SeismicIntensity[] = ['6+', '1', '5+', '7', '4', '5-', '3', '6-', '2'];
    expect([...shuffled].sort(compareIntensity)).toEqual(['1', '2', '3', '4', '5-', '5+', '6-', '6+', '7']);
  });

  it('ranks 弱 below 強 although the strings sort the other way round', () => {
    expect(compareIntensity('5-', '5+')).toBeLessThan(0);
    expect(compareIntensity('6+', '6-')).toBeGreaterThan(0);
    expect(compareIntensity('5+', '6-')).toBeLessThan(0);
    expect(compareIntensity('4', '4')).toBe(0);
  });

  it('answers "at least" inclusively', () => {
    expect(intensityAtLeast('5-', '5-')).toBe(true);
    expect(intensityAtLeast('5+', '5-')).toBe(true);
    expect(intensityAtLeast('7', '6+')).toBe(true);
    expect(intensityAtLeast('4', '5-')).toBe(false);
    expect(intensityAtLeast('6-', '6+')).toBe(false);
  });

  it('parses every value of the scale and tolerates surrounding whitespace (a sample has "4 ")', () => {
    for (const intensity of SEISMIC_INTENSITY_SCALE) expect(parseSeismicIntensity(intensity)).toBe(intensity);
    expect(parseSeismicIntensity('4 ')).toBe('4');
  });

  it.each(['0', '8', '5弱', '5強', '６弱', '5', '6', '5 -', '-5', '', ' ', '震度５弱以上未入電', '7.0'])('refuses %p', (value) => {
    expect(isSeismicIntensity(value)).toBe(false);
    expect(() => parseSeismicIntensity(value)).toThrow(expect.objectContaining({ reason: 'invalid-value' }));
    expect(() => parseSeismicIntensity(value)).toThrow(JmaParseError);
  });
});
