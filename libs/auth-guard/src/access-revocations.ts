/** Longest life of an access token plus clock skew: older revocations can no longer matter. */
export const REVOCATION_MEMORY_MS = 16 * 60_000;

/**
 * Per-account "tokens issued up to this moment are void", kept in memory. Fed by the
 * `auth.access-revoked` topic; read by the guard on every request without any I/O.
 */
export class AccessRevocations {
  private readonly validAfterByAccount = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  revoke(accountId: string, validAfter: Date): void {
    const known = this.validAfterByAccount.get(accountId) ?? 0;
    this.validAfterByAccount.set(accountId, Math.max(known, validAfter.getTime()));
  }

  /**
   * `iat` has one-second resolution, so a token issued in the same second as the revocation
   * is treated as issued before it: refusing one fresh token is better than accepting a stale one.
   */
  isRevoked(accountId: string, issuedAtSeconds: number): boolean {
    const validAfter = this.validAfterByAccount.get(accountId);
    return validAfter !== undefined && issuedAtSeconds <= Math.floor(validAfter / 1000);
  }

  /** Drops entries that no unexpired token can be affected by. */
  forgetExpired(): void {
    const horizon = this.now() - REVOCATION_MEMORY_MS;
    for (const [accountId, validAfter] of this.validAfterByAccount) {
      if (validAfter < horizon) this.validAfterByAccount.delete(accountId);
    }
  }

  get size(): number {
    return this.validAfterByAccount.size;
  }
}
