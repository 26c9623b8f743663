import { shownNumber, wholeNumberError } from './whole-number-field';

describe('a bounded whole number box', () => {
  const hours = { min: 1, max: 720 };

  it('says nothing while the number is a whole one within the limits', () => {
    expect(wholeNumberError(1, hours, '時間', 'ja')).toBeUndefined();
    expect(wholeNumberError(720, hours, '時間', 'ja')).toBeUndefined();
  });

  it('gives the range with its unit when the number is outside it, not whole, or missing', () => {
    expect(wholeNumberError(0, hours, '時間', 'ja')).toBe('1〜720 時間の整数で入力してください。');
    expect(wholeNumberError(721, hours, 'hours', 'en')).toBe('Enter a whole number of hours from 1 to 720.');
    expect(wholeNumberError(1.5, hours, '時間', 'ja')).toBeDefined();
    expect(wholeNumberError(Number.NaN, hours, '時間', 'ja')).toBeDefined();
  });

  it('shows an emptied box empty', () => {
    expect(shownNumber(Number.NaN)).toBe('');
    expect(shownNumber(24)).toBe(24);
  });
});
