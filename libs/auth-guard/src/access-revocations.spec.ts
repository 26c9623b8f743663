import { AccessRevocations, REVOCATION_MEMORY_MS } from './access-revocations';

describe('AccessRevocations', () => {
  const at = (isoTime: string) => new Date(isoTime);
  const seconds = (isoTime: string) => Math.floor(at(isoTime).getTime() / 1000);

  it('voids tokens issued up to and including the second of the revocation', () => {
    const revocations = new AccessRevocations();
    revocations.revoke('account-1', at('2026-11-26T12:00:00.500Z'));
    expect(revocations.isRevoked('account-1', seconds('2026-11-26T11:59:00Z'))).toBe(true);
    expect(revocations.isRevoked('account-1', seconds('2026-11-26T12:00:00Z'))).toBe(true);
    expect(revocations.isRevoked('account-1', seconds('2026-11-26T12:00:01Z'))).toBe(false);
    expect(revocations.isRevoked('account-2', seconds('2026-11-26T11:59:00Z'))).toBe(false);
  });

  it('keeps the latest moment when revocations arrive out of order', () => {
    const revocations = new AccessRevocations();
    revocations.revoke('account-1', at('2026-11-26T12:05:00Z'));
    revocations.revoke('account-1', at('2026-11-26T12:00:00Z'));
    expect(revocations.isRevoked('account-1', seconds('2026-11-26T12:04:00Z'))).toBe(true);
  });

  it('forgets revocations older than any unexpired token', () => {
    let now = at('2026-11-26T12:00:00Z').getTime();
    const revocations = new AccessRevocations(() => now);
    revocations.revoke('account-1', new Date(now));
    now += REVOCATION_MEMORY_MS - 1;
    revocations.forgetExpired();
    expect(revocations.size).toBe(1);
    now += 2;
    revocations.forgetExpired();
    expect(revocations.size).toBe(0);
  });
});
