import { GrpcServiceCallers, remoteSigningKeys, ServiceTokenVerifier } from '@anpi/auth-guard';
import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantServiceConfig } from '../config';
import { ContactVault } from '../contact-encryption/contact-vault';
import { DirectoryKeys } from '../contact-encryption/directory-keys';
import { RecipientResolutionController } from './recipient-resolution.controller';
import { DatabaseRecipientPages, ResolveRecipients } from './resolve-recipients';

/** Only the dispatcher sends alerts, so only it may read everyone's contact points. */
const callersAllowedToResolveRecipients = new Set(['alert-dispatch-service'] as const);

/** The gRPC DirectoryService (transport connected in main.ts, port GRPC_URL). */
@Module({})
export class RecipientResolutionModule {
  static forRoot(config: TenantServiceConfig): DynamicModule {
    const verifier = new ServiceTokenVerifier(remoteSigningKeys(config.AUTH_JWKS_URL), { issuer: config.AUTH_TOKEN_ISSUER, serviceName: 'tenant-service' });
    return {
      module: RecipientResolutionModule,
      controllers: [RecipientResolutionController],
      providers: [
        { provide: GrpcServiceCallers, useValue: new GrpcServiceCallers(verifier, callersAllowedToResolveRecipients, 'resolve recipients') },
        {
          provide: ResolveRecipients,
          inject: [DataSource, DirectoryKeys, ContactVault],
          useFactory: (dataSource: DataSource, keys: DirectoryKeys, vault: ContactVault) => new ResolveRecipients(new DatabaseRecipientPages(dataSource, keys, vault)),
        },
      ],
    };
  }
}
