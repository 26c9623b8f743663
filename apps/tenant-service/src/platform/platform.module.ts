import { remoteSigningKeys } from '@anpi/auth-guard';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { TenantServiceConfig } from '../config';
import { SuspendedTenantInterceptor, TenantStatuses } from '../tenants/suspended-tenants';
import { NoticesController } from './notices.controller';
import { OperatorNotices } from './operator-notices';
import { OperatorTokenVerifier } from './operator-token-verifier';
import { PlatformOperatorGuard } from './platform-operator.guard';
import { PlatformController } from './platform.controller';
import { TenantSuspension } from './tenant-suspension';
import { TenantUsageListing } from './tenant-usage';

/**
 * What platform operators (auth-service signs them in) do with this installation's tenants,
 * and the enforcement of a suspension on every tenant route.
 */
@Module({})
export class PlatformModule {
  static forRoot(config: TenantServiceConfig): DynamicModule {
    const verifier = new OperatorTokenVerifier(remoteSigningKeys(config.AUTH_JWKS_URL), { issuer: config.AUTH_TOKEN_ISSUER, audience: config.PLATFORM_TOKEN_AUDIENCE });
    const usingDataSource = <T>(create: (dataSource: DataSource) => T) => ({ inject: [DataSource], useFactory: create });
    return {
      module: PlatformModule,
      controllers: [PlatformController, NoticesController],
      providers: [
        // @UseGuards(PlatformOperatorGuard) builds the guard in this module: it needs the verifier as a provider.
        { provide: OperatorTokenVerifier, useValue: verifier },
        PlatformOperatorGuard,
        { provide: TenantUsageListing, ...usingDataSource((dataSource) => new TenantUsageListing(dataSource)) },
        { provide: TenantSuspension, ...usingDataSource((dataSource) => new TenantSuspension(dataSource)) },
        { provide: OperatorNotices, ...usingDataSource((dataSource) => new OperatorNotices(dataSource)) },
        { provide: TenantStatuses, ...usingDataSource((dataSource) => new TenantStatuses(dataSource)) },
        { provide: APP_INTERCEPTOR, inject: [TenantStatuses], useFactory: (statuses: TenantStatuses) => new SuspendedTenantInterceptor(statuses) },
      ],
    };
  }
}
