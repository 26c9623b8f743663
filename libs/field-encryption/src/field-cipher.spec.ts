import { randomBytes } from 'node:crypto';
import { BlindIndex, FieldCipher, normaliseEmail } from './field-cipher';

describe('FieldCipher', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  it('round-trips and never contains the plaintext', () => {
    const cipher = new FieldCipher(new Map([['k1', oldKey]]), 'k1');
    const sealed = cipher.encrypt('taro@example.jp', 'tenant-a/account-1');
    expect(sealed).not.toContain('taro');
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    expect(cipher.decrypt(sealed, 'tenant-a/account-1')).toBe('taro@example.jp');
  });

  it('refuses a ciphertext moved to another owner', () => {
    const cipher = new FieldCipher(new Map([['k1', oldKey]]), 'k1');
    const sealed = cipher.encrypt('taro@example.jp', 'tenant-a/account-1');
    expect(() => cipher.decrypt(sealed, 'tenant-b/account-1')).toThrow();
  });

  it('refuses a tampered ciphertext', () => {
    const cipher = new FieldCipher(new Map([['k1', oldKey]]), 'k1');
    const parts = cipher.encrypt('taro@example.jp', 'aad').split('.');
    parts[4] = Buffer.from('mallory@example.jp').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'aad')).toThrow();
  });

  it('reads old ciphertexts after the active key changes', () => {
    const before = new FieldCipher(new Map([['k1', oldKey]]), 'k1').encrypt('090-1234-5678', 'aad');
    const after = new FieldCipher(new Map([['k1', oldKey], ['k2', newKey]]), 'k2');
    expect(after.decrypt(before, 'aad')).toBe('090-1234-5678');
    expect(after.keyIdOf(after.encrypt('x', 'aad'))).toBe('k2');
  });

  it('rejects keys of the wrong size', () => {
    expect(() => new FieldCipher(new Map([['k1', randomBytes(16)]]), 'k1')).toThrow(/32 bytes/);
  });
});

describe('BlindIndex', () => {
  it('is deterministic per scope and hides the value', () => {
    const index = new BlindIndex(randomBytes(32));
    const a = index.of(normaliseEmail(' Taro@Example.JP '), 'tenant-a');
    expect(a).toBe(index.of('taro@example.jp', 'tenant-a'));
    expect(a).not.toBe(index.of('taro@example.jp', 'tenant-b'));
    expect(a).not.toContain('taro');
  });
});
