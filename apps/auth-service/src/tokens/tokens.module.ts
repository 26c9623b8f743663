import { DynamicModule, Module } from '@nestjs/common';
import { JwksController } from './jwks.controller';

/** Publishes the public signing keys every service verifies access tokens with. */
@Module({})
export class TokensModule {
  static forRoot(core: DynamicModule): DynamicModule {
    return { module: TokensModule, imports: [core], controllers: [JwksController] };
  }
}
