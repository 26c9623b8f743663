import { AccessRevocations, AccessTokenVerifier, localSigningKeys, Principal } from '@anpi/auth-guard';
import { decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { randomUUID } from 'node:crypto';
import { AccessTokenIssuer } from './access-token-issuer';
import { SigningKeyRing } from './signing-key-ring';

const settings = { issuer: 'https://auth.anpi.test', audience: 'anpi', platformAudience: 'anpi-platform', ttlSeconds: 900 };

describe('AccessTokenIssuer: the directory person claim', () => {
  let issuer: AccessTokenIssuer;
  let verifier: AccessTokenVerifier;
  const principal: Principal = { tenantId: randomUUID(), userId: randomUUID(), role: 'admin', departmentIds: [] };

  beforeAll(async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const ring = await SigningKeyRing.load({ keys: [{ ...(await exportJWK(privateKey)), kid: 'k1' } as never] }, 'k1');
    issuer = new AccessTokenIssuer(ring, settings);
    verifier = new AccessTokenVerifier(localSigningKeys(ring.publicKeySet), settings, new AccessRevocations());
  });

  it('states a linked account\'s person as `emp`, which every guard reads back as employeeId', async () => {
    const employeeId = randomUUID();
    const { accessToken } = await issuer.issue({ ...principal, employeeId });
    expect(decodeJwt(accessToken).emp).toBe(employeeId);
    await expect(verifier.verify(accessToken)).resolves.toEqual({ ...principal, employeeId });
  });

  it('has no `emp` claim at all for an account that is not linked', async () => {
    const { accessToken } = await issuer.issue(principal);
    expect(decodeJwt(accessToken)).not.toHaveProperty('emp');
    await expect(verifier.verify(accessToken)).resolves.toEqual(principal);
  });
});
