import { PasswordHasher } from './password-hasher';

// The smallest parameters the config allows, so the suite stays fast and real.
const owaspMinimum = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(owaspMinimum);

  it('hashes with argon2id and stores the parameters with the hash', async () => {
    const hash = await hasher.hash('kitsune ramen at dawn');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    await expect(hasher.check(hash, 'kitsune ramen at dawn')).resolves.toEqual({ matches: true, needsRehash: false });
    await expect(hasher.check(hash, 'kitsune ramen at dusk')).resolves.toEqual({ matches: false, needsRehash: false });
  });

  it('asks for a re-hash once the parameters were raised', async () => {
    const oldHash = await hasher.hash('kitsune ramen at dawn');
    const stronger = new PasswordHasher({ ...owaspMinimum, timeCost: 3 });
    await expect(stronger.check(oldHash, 'kitsune ramen at dawn')).resolves.toEqual({ matches: true, needsRehash: true });
  });

  it('spends a verification and refuses when there is no hash at all', async () => {
    await expect(hasher.check(null, 'anything at all 123')).resolves.toEqual({ matches: false, needsRehash: false });
  });
});
