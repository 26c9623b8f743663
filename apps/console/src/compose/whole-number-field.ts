import { Language, translate } from '../i18n/messages';
import { withinLimits } from './compose-draft';

/** What a number box shows: an emptied box holds NaN until something is typed again. */
export function shownNumber(value: number): number | '' {
  return Number.isNaN(value) ? '' : value;
}

/** Why the box cannot be sent as it is (outside the limits, not whole, empty), in words; undefined when it can. */
export function wholeNumberError(value: number, limits: { min: number; max: number }, unit: string, language: Language): string | undefined {
  return withinLimits(value, limits) ? undefined : translate(language, 'compose.wholeNumberBetween', { min: limits.min, max: limits.max, unit });
}
