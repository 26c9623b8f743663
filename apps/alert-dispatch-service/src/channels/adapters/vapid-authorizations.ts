import webPush from 'web-push';

/** A token's life: far inside the 24 hours RFC 8292 allows, so no push service's stricter limit or clock skew refuses it. */
const TOKEN_LIFETIME_SECONDS = 60 * 60;
/** A token is replaced this long before it expires, so none is sent in its last minutes. */
const RENEW_BEFORE_SECONDS = 10 * 60;
/** Push services a tenant's employees use are a handful; endpoints come from browsers, so the count is capped. */
const MAX_AUDIENCES = 1_000;

export interface VapidKeys {
  subject: string;
  publicKey: string;
  privateKey: string;
}

/**
 * The VAPID `Authorization` header per push service (the endpoint's origin), signed once and
 * reused until shortly before it expires. web-push signs a new ES256 token for every message
 * (converting the private key to PEM each time): two thirds of a push's CPU, for a header that
 * is the same for every push to one service (docs/benchmarks.md).
 */
export class VapidAuthorizations {
  private readonly byAudience = new Map<string, { authorization: string; renewAtMs: number }>();

  constructor(
    private readonly keys: VapidKeys,
    private readonly nowMs: () => number = Date.now,
  ) {}

  forEndpoint(endpoint: string): string {
    const url = new URL(endpoint);
    const audience = `${url.protocol}//${url.host}`;
    const now = this.nowMs();
    const cached = this.byAudience.get(audience);
    if (cached && cached.renewAtMs > now) return cached.authorization;
    const expiresAt = Math.floor(now / 1000) + TOKEN_LIFETIME_SECONDS;
    const { Authorization } = webPush.getVapidHeaders(audience, this.keys.subject, this.keys.publicKey, this.keys.privateKey, 'aes128gcm', expiresAt);
    if (this.byAudience.size >= MAX_AUDIENCES) this.byAudience.clear();
    this.byAudience.set(audience, { authorization: Authorization, renewAtMs: (expiresAt - RENEW_BEFORE_SECONDS) * 1000 });
    return Authorization;
  }
}
