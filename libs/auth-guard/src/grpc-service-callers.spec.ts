import { status } from '@grpc/grpc-js';
import { RpcException } from '@nestjs/microservices';
import { GrpcServiceCallers } from './grpc-service-callers';
import { AnpiServiceName, ServiceTokenRejected, ServiceTokenVerifier } from './service-token';

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

describe('GrpcServiceCallers', () => {
  const authentication = new GrpcServiceCallers(
    fakeVerifier({ 'dispatch-token': 'alert-dispatch-service', 'responses-token': 'response-collection-service' }),
    new Set<AnpiServiceName>(['alert-dispatch-service']),
    'resolve recipients',
  );

  const refusalKind = (authorization: unknown) =>
    authentication.authenticate(authorization).then(
      () => 'accepted',
      (error: unknown) => (error instanceof RpcException ? (error.getError() as { code: number }).code : 'other error'),
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
    await expect(refusalKind(authorization)).resolves.toBe(status.UNAUTHENTICATED);
  });

  it('refuses a verified service that may not read contact data', async () => {
    await expect(refusalKind('Bearer responses-token')).resolves.toBe(status.PERMISSION_DENIED);
  });
});
