import { NotificationOffersV1 } from '@anpi/contracts';
import { NotificationOffers } from './notification-offers';

const webPush = { publicKey: `B${'k'.repeat(86)}` };
const line = { officialAccountId: '@acme' };

function dispatchAnswering(offers: Map<string, NotificationOffersV1>) {
  const asked: string[] = [];
  let failing = false;
  const offersOf = async (tenantId: string) => {
    asked.push(tenantId);
    if (failing) throw new Error('dispatch down');
    return offers.get(tenantId) ?? { webPush: null, line: null };
  };
  return { asked, offersOf, fail: (value: boolean) => (failing = value) };
}

const ttl = { offeringMs: 60_000, nothingMs: 10_000 };
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('what the answer page offers to connect', () => {
  it('offers nothing until dispatch has answered, asking once in the background', async () => {
    const dispatch = dispatchAnswering(new Map([['acme', { webPush, line }]]));
    const offers = new NotificationOffers(dispatch.offersOf, ttl, () => 0);
    expect([offers.offered('acme'), offers.offered('acme')]).toEqual([
      { webPush: null, line: null },
      { webPush: null, line: null },
    ]);
    await settle();
    expect(offers.offered('acme')).toEqual({ webPush, line });
    expect(dispatch.asked).toEqual(['acme']);
  });

  it('learns ten seconds later that a company which offered nothing has set something up', async () => {
    const known = new Map<string, NotificationOffersV1>();
    const dispatch = dispatchAnswering(known);
    let now = 0;
    const offers = new NotificationOffers(dispatch.offersOf, ttl, () => now);
    offers.offered('acme');
    await settle();
    known.set('acme', { webPush: null, line });
    now = 9_999;
    offers.offered('acme');
    await settle();
    expect(dispatch.asked).toHaveLength(1);
    now = 10_000;
    expect(offers.offered('acme').line).toBeNull();
    await settle();
    expect(offers.offered('acme').line).toEqual(line);
    now = 69_999;
    offers.offered('acme');
    await settle();
    expect(dispatch.asked).toHaveLength(2);
  });

  it('keeps what it knew when dispatch cannot be asked, and hands the failure to whoever needs it fresh', async () => {
    const dispatch = dispatchAnswering(new Map([['acme', { webPush, line: null }]]));
    let now = 0;
    const offers = new NotificationOffers(dispatch.offersOf, ttl, () => now);
    await expect(offers.current('acme')).resolves.toEqual({ webPush, line: null });
    dispatch.fail(true);
    now = 120_000;
    offers.offered('acme');
    await settle();
    expect(offers.offered('acme').webPush).toEqual(webPush);
    await expect(offers.current('acme')).rejects.toThrow('dispatch down');
  });

  it('shares one question among everyone asking at the same moment', async () => {
    const dispatch = dispatchAnswering(new Map([['acme', { webPush, line }]]));
    const offers = new NotificationOffers(dispatch.offersOf, ttl, () => 0);
    await Promise.all([offers.current('acme'), offers.current('acme'), offers.current('acme')]);
    expect(dispatch.asked).toEqual(['acme']);
  });
});
