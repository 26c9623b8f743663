import { NotificationOffersV1 } from '@anpi/contracts';

/**
 * How long what dispatch said about a company's offers is believed: a minute when it offers
 * something; ten seconds when it offers nothing, so a company that has just set up Web Push or
 * LINE sees the offer on its answer pages soon.
 */
export const notificationOffersTtl = { offeringMs: 60_000, nothingMs: 10_000 };

const nothingOffered: NotificationOffersV1 = { webPush: null, line: null };

interface Known {
  offers: NotificationOffersV1;
  at: number;
}

/**
 * What the answer page offers an employee to connect ("notify me" for Web Push, "get safety
 * checks on LINE"): only what the company has set up. Rendering never waits for dispatch: it
 * uses what this pod last heard (nothing heard yet means no offer) and asks again in the
 * background once that is stale — at most one question per company every few seconds per pod,
 * however many people open their pages at once.
 */
export class NotificationOffers {
  private readonly known = new Map<string, Known>();
  private readonly asking = new Map<string, Promise<NotificationOffersV1>>();

  constructor(
    private readonly offersOf: (tenantId: string) => Promise<NotificationOffersV1>,
    private readonly ttl = notificationOffersTtl,
    private readonly now: () => number = Date.now,
  ) {}

  /** For rendering: what is known now. */
  offered(tenantId: string): NotificationOffersV1 {
    const known = this.known.get(tenantId);
    if (!known || this.isStale(known)) this.current(tenantId).catch(() => undefined);
    return known?.offers ?? nothingOffered;
  }

  /** The company's offers, fresh; asks dispatch when not known fresh. Dispatch's failures reach the caller. */
  current(tenantId: string): Promise<NotificationOffersV1> {
    const known = this.known.get(tenantId);
    if (known && !this.isStale(known)) return Promise.resolve(known.offers);
    const pending = this.asking.get(tenantId);
    if (pending) return pending;
    const asked = this.offersOf(tenantId)
      .then((offers) => {
        this.known.set(tenantId, { offers, at: this.now() });
        return offers;
      })
      .finally(() => this.asking.delete(tenantId));
    this.asking.set(tenantId, asked);
    return asked;
  }

  private isStale(known: Known): boolean {
    const offersSomething = known.offers.webPush !== null || known.offers.line !== null;
    return this.now() - known.at >= (offersSomething ? this.ttl.offeringMs : this.ttl.nothingMs);
  }
}
