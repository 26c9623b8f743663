/**
 * How long what dispatch said about a company's Web Push set-up is believed: a key for a minute;
 * "none" for ten seconds, so a company that has just set it up sees the offer soon.
 */
export const webPushOfferTtl = { keyMs: 60_000, noKeyMs: 10_000 };

interface KnownKey {
  publicKey: string | undefined;
  at: number;
}

/**
 * Whether the answer page offers "notify me": only for a company that has set up Web Push.
 * Rendering never waits for dispatch: it uses what this pod last heard (nothing heard yet means
 * no offer) and asks again in the background once that is older than the TTL — at most one
 * question per company every few seconds per pod, however many people open their pages at once.
 */
export class WebPushOffers {
  private readonly known = new Map<string, KnownKey>();
  private readonly asking = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly webPushKeyOf: (tenantId: string) => Promise<string | undefined>,
    private readonly ttl = webPushOfferTtl,
    private readonly now: () => number = Date.now,
  ) {}

  /** For rendering: true when the company is known to have a VAPID key. */
  offered(tenantId: string): boolean {
    const known = this.known.get(tenantId);
    if (!known || this.isStale(known)) this.publicKey(tenantId).catch(() => undefined);
    return known?.publicKey !== undefined;
  }

  /** The company's VAPID public key (undefined: no Web Push); asks dispatch when not known fresh. Dispatch's failures reach the caller. */
  publicKey(tenantId: string): Promise<string | undefined> {
    const known = this.known.get(tenantId);
    if (known && !this.isStale(known)) return Promise.resolve(known.publicKey);
    const pending = this.asking.get(tenantId);
    if (pending) return pending;
    const asked = this.webPushKeyOf(tenantId)
      .then((publicKey) => {
        this.known.set(tenantId, { publicKey, at: this.now() });
        return publicKey;
      })
      .finally(() => this.asking.delete(tenantId));
    this.asking.set(tenantId, asked);
    return asked;
  }

  private isStale(known: KnownKey): boolean {
    return this.now() - known.at >= (known.publicKey === undefined ? this.ttl.noKeyMs : this.ttl.keyMs);
  }
}
