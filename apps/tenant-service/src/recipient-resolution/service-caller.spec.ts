import { AnpiServiceName, ServiceTokenRejected, ServiceTokenVerifier } from '@anpi/auth-guard';
import { CallerRefused, ServiceCallerAuthentication } from './service-caller';

/** A verifier that knows one good token per calling service. */
function fakeVerifier(tokens: Record<string, AnpiServiceName>): ServiceTokenVerifier {
  return {
    verify: async (token: string) => {
      const caller = tokens[token];
      if (caller === undefined) throw new ServiceTokenRejected('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
      return caller;
    },
  } as unknown as ServiceTokenVerifier;
}

describe('ServiceCallerAuthentication', () => {
  const authentication = new ServiceCallerAuthentication(
    fakeVerifier({ 'dispatch-token': 'alert-dispatch-service', 'responses-token': 'response-collection-service' }),
    new Set<AnpiServiceName>(['alert-dispatch-service']),
  );

  const refusalKind = (authorization: unknown) =>
    authentication.authenticate(authorization).then(
      () => 'accepted',
      (error: unknown) => (error instanceof CallerRefused ? error.kind : 'other error'),
    );

  it('returns the verified caller', async () => {
    await expect(authentication.authenticate('Bearer dispatch-token')).resolves.toBe('alert-dispatch-service');
  });

  it.each([
    ['no metadata', undefined],
    ['an empty bearer', 'Bearer '],
    ['another scheme', 'Basic dispatch-token'],
    ['binary metadata', Buffer.from('Bearer dispatch-token')],
    ['a token the verifier rejects', 'Bearer forged'],
  ])('refuses %s as unauthenticated', async (_case, authorization) => {
    await expect(refusalKind(authorization)).resolves.toBe('unauthenticated');
  });

  it('refuses a verified service that may not read contact data', async () => {
    await expect(refusalKind('Bearer responses-token')).resolves.toBe('permission_denied');
  });
});
