import { DynamicModule, Module } from '@nestjs/common';
import { AuthServiceConfig } from '../config';
import { JwksController } from './jwks.controller';
import { ServiceTokenIssuer } from './service-token-issuer';
import { ServiceTokensController } from './service-tokens.controller';
import { SigningKeyRing } from './signing-key-ring';

/** Publishes the public signing keys every service verifies with, and issues service tokens. */
@Module({})
export class TokensModule {
  static forRoot(config: AuthServiceConfig, core: DynamicModule): DynamicModule {
    return {
      module: TokensModule,
      imports: [core],
      controllers: [JwksController, ServiceTokensController],
      providers: [
        {
          provide: ServiceTokenIssuer,
          inject: [SigningKeyRing],
          useFactory: (keys: SigningKeyRing) => new ServiceTokenIssuer(keys, { issuer: config.AUTH_TOKEN_ISSUER, ttlSeconds: config.SERVICE_TOKEN_TTL_SECONDS }),
        },
      ],
    };
  }
}
