import { Secret, TOTP } from 'otpauth';
import { TotpCodes } from './totp-codes';

describe('TotpCodes', () => {
  const codes = new TotpCodes('Anpi');
  const secret = codes.newSecret();
  const now = Date.parse('2026-11-26T12:00:10Z');
  const codeAt = (timestamp: number) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });
  const stepAt = (timestamp: number) => TOTP.counter({ timestamp });

  it('makes 160-bit secrets and an otpauth:// URI for authenticator apps', () => {
    expect(Secret.fromBase32(secret).bytes).toHaveLength(20);
    const uri = codes.enrollmentUri(secret, 'owner@a.example');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Anpi:owner%40a\.example\?/);
    expect(uri).toContain(`secret=${secret}`);
  });

  it('accepts the current code and returns its step', () => {
    expect(codes.acceptedStep(secret, codeAt(now), null, now)).toBe(stepAt(now));
  });

  it('tolerates one step of clock difference either way, not two', () => {
    expect(codes.acceptedStep(secret, codeAt(now - 30_000), null, now)).toBe(stepAt(now) - 1);
    expect(codes.acceptedStep(secret, codeAt(now + 30_000), null, now)).toBe(stepAt(now) + 1);
    expect(codes.acceptedStep(secret, codeAt(now - 60_000), null, now)).toBeUndefined();
  });

  it('refuses a replayed code, and an older code once a newer one was used', () => {
    const used = codes.acceptedStep(secret, codeAt(now), null, now)!;
    expect(codes.acceptedStep(secret, codeAt(now), used, now + 5_000)).toBeUndefined();
    expect(codes.acceptedStep(secret, codeAt(now - 30_000), used, now)).toBeUndefined();
    expect(codes.acceptedStep(secret, codeAt(now + 30_000), used, now + 30_000)).toBe(used + 1);
  });

  it("refuses a code of another account's secret", () => {
    // Fixed secrets: their codes at this moment are known to differ, so the test cannot flake.
    const [mine, theirs] = ['JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU'];
    const theirCode = TOTP.generate({ secret: Secret.fromBase32(theirs), timestamp: now });
    expect(codes.acceptedStep(mine, theirCode, null, now)).toBeUndefined();
  });
});
