import { KAFKA } from '@anpi/messaging';
import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { JWTVerifyGetKey } from 'jose';
import { Kafka } from 'kafkajs';
import { AccessRevocationListener } from './access-revocation-listener';
import { AccessRevocations } from './access-revocations';
import { ACCESS_TOKEN_VERIFIER } from './access-token.guard';
import { AccessTokenVerifier, remoteSigningKeys } from './access-token-verifier';
import { INTERNAL_API_TOKEN, InternalServiceGuard } from './internal-service.guard';

export interface AccessTokenOptions {
  issuer: string;
  audience: string;
  /** Where the keys come from: auth-service's JWKS URL, or (in auth-service) its own key set. */
  signingKeys: JWTVerifyGetKey;
}

export interface AuthGuardOptions {
  internalApiToken: string;
  /** auth-service's `/.well-known/jwks.json`; with issuer and audience it enables AccessTokenGuard. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

/**
 * What AccessTokenGuard needs: the verifier, the in-memory revocations and the Kafka feed
 * that fills them (AccessTokenGuard itself is instantiated by each module that uses it). Exported so auth-service can verify against its own keys without HTTP.
 */
export function accessTokenProviders(options: AccessTokenOptions): Provider[] {
  return [
    { provide: AccessRevocations, useValue: new AccessRevocations() },
    {
      provide: ACCESS_TOKEN_VERIFIER,
      inject: [AccessRevocations],
      useFactory: (revocations: AccessRevocations) =>
        new AccessTokenVerifier(options.signingKeys, { issuer: options.issuer, audience: options.audience }, revocations),
    },
    {
      provide: AccessRevocationListener,
      inject: [KAFKA, AccessRevocations],
      useFactory: (kafka: Kafka, revocations: AccessRevocations) => new AccessRevocationListener(kafka, revocations),
    },
  ];
}

@Global()
@Module({})
export class AuthGuardModule {
  static forRoot(options: AuthGuardOptions): DynamicModule {
    const { jwksUrl, issuer, audience } = options;
    // Without the settings, AccessTokenGuard refuses to be constructed: a service with a
    // protected route fails at boot instead of serving without verification.
    const accessTokens: Provider[] =
      jwksUrl && issuer && audience
        ? accessTokenProviders({ issuer, audience, signingKeys: remoteSigningKeys(jwksUrl) })
        : [{ provide: ACCESS_TOKEN_VERIFIER, useValue: null }, { provide: AccessRevocations, useValue: new AccessRevocations() }];
    return {
      module: AuthGuardModule,
      providers: [{ provide: INTERNAL_API_TOKEN, useValue: options.internalApiToken }, InternalServiceGuard, ...accessTokens],
      exports: [INTERNAL_API_TOKEN, InternalServiceGuard, ACCESS_TOKEN_VERIFIER, AccessRevocations],
    };
  }
}
