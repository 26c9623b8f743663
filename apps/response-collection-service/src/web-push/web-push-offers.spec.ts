import { WebPushOffers } from './web-push-offers';

function dispatchAnswering(keys: Map<string, string>) {
  const asked: string[] = [];
  let failing = false;
  const webPushKeyOf = async (tenantId: string) => {
    asked.push(tenantId);
    if (failing) throw new Error('dispatch down');
    return keys.get(tenantId);
  };
  return { asked, webPushKeyOf, fail: (value: boolean) => (failing = value) };
}

const ttl = { keyMs: 60_000, noKeyMs: 10_000 };
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('offering Web Push on the answer page', () => {
  it('offers nothing until dispatch has said the company has a key, asking once in the background', async () => {
    const dispatch = dispatchAnswering(new Map([['acme', 'BPublicKey']]));
    const offers = new WebPushOffers(dispatch.webPushKeyOf, ttl, () => 0);
    expect([offers.offered('acme'), offers.offered('acme'), offers.offered('acme')]).toEqual([false, false, false]);
    await settle();
    expect(offers.offered('acme')).toBe(true);
    expect(dispatch.asked).toEqual(['acme']);
  });

  it('does not offer it for a company without Web Push, and learns of a new key ten seconds later', async () => {
    const keys = new Map<string, string>();
    const dispatch = dispatchAnswering(keys);
    let now = 0;
    const offers = new WebPushOffers(dispatch.webPushKeyOf, ttl, () => now);
    offers.offered('acme');
    await settle();
    keys.set('acme', 'BPublicKey');
    now = 9_999;
    expect(offers.offered('acme')).toBe(false);
    await settle();
    expect(dispatch.asked).toHaveLength(1);
    now = 10_000;
    expect(offers.offered('acme')).toBe(false);
    await settle();
    expect(offers.offered('acme')).toBe(true);
    expect(dispatch.asked).toHaveLength(2);
  });

  it('keeps what it knew when dispatch cannot be asked, and hands the failure to whoever needs the key', async () => {
    const dispatch = dispatchAnswering(new Map([['acme', 'BPublicKey']]));
    let now = 0;
    const offers = new WebPushOffers(dispatch.webPushKeyOf, ttl, () => now);
    await expect(offers.publicKey('acme')).resolves.toBe('BPublicKey');
    dispatch.fail(true);
    now = 120_000;
    expect(offers.offered('acme')).toBe(true);
    await settle();
    expect(offers.offered('acme')).toBe(true);
    await expect(offers.publicKey('acme')).rejects.toThrow('dispatch down');
  });

  it('shares one question among everyone asking for the key at the same moment', async () => {
    const dispatch = dispatchAnswering(new Map([['acme', 'BPublicKey']]));
    const offers = new WebPushOffers(dispatch.webPushKeyOf, ttl, () => 0);
    await expect(Promise.all([offers.publicKey('acme'), offers.publicKey('acme'), offers.publicKey('acme')])).resolves.toEqual(['BPublicKey', 'BPublicKey', 'BPublicKey']);
    expect(dispatch.asked).toEqual(['acme']);
  });
});
