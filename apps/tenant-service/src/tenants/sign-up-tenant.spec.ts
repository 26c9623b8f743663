import { signUpCommandSchema } from './sign-up-tenant';

describe('sign-up request', () => {
  const minimal = { slug: 'acme-japan', displayName: 'ACME 株式会社', owner: { email: 'owner@acme.example', displayName: '山田 太郎' } };

  it('defaults to Japanese, Asia/Tokyo and no plain-http answer links', () => {
    expect(signUpCommandSchema.parse(minimal)).toEqual({ ...minimal, defaultLanguage: 'ja', timeZone: 'Asia/Tokyo', allowPlainHttpAnswerLinks: false });
  });

  it('keeps the settings a company chooses', () => {
    const chosen = { ...minimal, defaultLanguage: 'en', timeZone: 'Europe/London', allowPlainHttpAnswerLinks: true };
    expect(signUpCommandSchema.parse(chosen)).toEqual(chosen);
  });

  it.each([
    ['a language other than ja or en', { defaultLanguage: 'fr' }, 'defaultLanguage'],
    ['an unknown time zone', { timeZone: 'Asia/Edo' }, 'timeZone'],
    ['a slug with capitals', { slug: 'ACME' }, 'slug'],
    ['a non-boolean plain-http flag', { allowPlainHttpAnswerLinks: 'yes' }, 'allowPlainHttpAnswerLinks'],
  ])('refuses %s, naming the field', (_case, change, path) => {
    const result = signUpCommandSchema.safeParse({ ...minimal, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([path]);
  });
});
