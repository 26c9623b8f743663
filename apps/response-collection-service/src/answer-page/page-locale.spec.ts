import { chooseLanguage } from './page-locale';

describe('chooseLanguage', () => {
  it('speaks the recipient’s language whatever the phone asks for', () => {
    expect(chooseLanguage(undefined, 'en', 'ja-JP,ja;q=0.9')).toBe('en');
    expect(chooseLanguage(undefined, 'ja', 'en-US,en;q=0.9')).toBe('ja');
    expect(chooseLanguage(undefined, 'en', undefined)).toBe('en');
  });

  it('lets the choice made on the page win', () => {
    expect(chooseLanguage('ja', 'en', 'en-US')).toBe('ja');
    expect(chooseLanguage('en', 'ja', undefined)).toBe('en');
  });

  it('ignores a choice it does not know', () => {
    expect(chooseLanguage('fr', 'en', undefined)).toBe('en');
    expect(chooseLanguage('<script>', undefined, undefined)).toBe('ja');
  });

  it('falls back to the phone’s language, then Japanese, when the recipient’s is not known', () => {
    expect(chooseLanguage(undefined, undefined, 'en-GB,en;q=0.8')).toBe('en');
    expect(chooseLanguage(undefined, undefined, 'ja,en;q=0.5')).toBe('ja');
    expect(chooseLanguage(undefined, undefined, undefined)).toBe('ja');
  });
});
