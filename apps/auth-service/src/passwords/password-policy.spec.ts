import { loadCommonPasswords, PasswordPolicy } from './password-policy';

describe('PasswordPolicy', () => {
  const commonPasswords = loadCommonPasswords();
  const policy = new PasswordPolicy(commonPasswords);

  it('ships a list of at least a thousand common passwords of 12+ characters', () => {
    expect(commonPasswords.size).toBeGreaterThanOrEqual(1_000);
    expect(commonPasswords.has('password1234')).toBe(true);
    expect([...commonPasswords].every((entry) => entry.length >= 12)).toBe(true);
  });

  it('accepts a long, uncommon passphrase', () => {
    expect(policy.problemsWith('kitsune ramen at dawn 7', 'taro@example.jp')).toEqual([]);
  });

  it.each([
    ['too short', 'Short-pass1', 'must be at least 12 characters'],
    ['common (whatever the case)', 'Password1234', 'is one of the most common passwords'],
    ['common with a year', 'Yokohama2024', 'is one of the most common passwords'],
    ['one character repeated', 'aaaaaaaaaaaaaaaaaaa', 'repeats too few different characters'],
    ['built from the e-mail', 'yamada.taro-safe-2026', 'must not contain your e-mail address'],
    ['too long', 'x'.repeat(200) + 'y'.repeat(57), 'must be at most 256 characters'],
  ])('refuses a password that is %s', (_case, password, problem) => {
    expect(policy.problemsWith(password, 'yamada.taro@example.jp')).toContain(problem);
  });

  it('counts characters, not UTF-16 units (Japanese passphrases)', () => {
    expect(policy.problemsWith('地震のときは落ち着いて行動', 'a@example.jp')).toEqual([]);
  });
});
