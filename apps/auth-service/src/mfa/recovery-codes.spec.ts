import { RECOVERY_CODE_COUNT, RecoveryCodes } from './recovery-codes';

describe('RecoveryCodes', () => {
  const recoveryCodes = new RecoveryCodes();

  it('generates ten distinct 80-bit codes with their hashes', () => {
    const { codes, hashes } = recoveryCodes.generate();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    codes.forEach((code) => expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/));
    expect(hashes).toEqual(codes.map((code) => recoveryCodes.hashOf(code)));
    hashes.forEach((hash, index) => expect(hash).not.toContain(codes[index].replace(/-/g, '')));
  });

  it('hashes a code the same however it is typed', () => {
    const [code] = recoveryCodes.generate().codes;
    const typed = ` ${code.toLowerCase().replace(/-/g, ' ')} `;
    expect(recoveryCodes.hashOf(typed)).toBe(recoveryCodes.hashOf(code));
    expect(recoveryCodes.hashOf('AAAA-AAAA-AAAA-AAAB')).not.toBe(recoveryCodes.hashOf('AAAA-AAAA-AAAA-AAAA'));
  });
});
