import { SessionStore } from './session-store';

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * Renews the access token with the refresh token. Shared by every service client and one
 * renewal at a time: a refresh token is single-use, and presenting it twice makes auth-service
 * revoke the whole session family (reuse detection).
 */
export class SessionRenewal {
  private renewing: Promise<boolean> | undefined;

  constructor(
    private readonly session: SessionStore,
    private readonly fetcher: FetchLike,
  ) {}

  renew(): Promise<boolean> {
    this.renewing ??= this.rotate().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async rotate(): Promise<boolean> {
    const current = this.session.current();
    if (!current) return false;
    const response = await this.fetcher('/api/auth/v1/sessions/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: current.refreshToken }),
    }).catch(() => undefined);
    if (!response?.ok) return false;
    const tokens = (await response.json()) as { accessToken: string; refreshToken: string };
    this.session.save({ ...current, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
    return true;
  }
}
