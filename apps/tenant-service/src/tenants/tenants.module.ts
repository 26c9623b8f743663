import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SignUpTenant } from './sign-up-tenant';
import { TenantsController } from './tenants.controller';
import { TenantSettings } from './tenant-settings';
import { TenantSettingsController } from './tenant-settings.controller';

@Module({
  controllers: [TenantsController, TenantSettingsController],
  providers: [
    { provide: SignUpTenant, inject: [DataSource], useFactory: (dataSource: DataSource) => new SignUpTenant(dataSource) },
    { provide: TenantSettings, inject: [DataSource], useFactory: (dataSource: DataSource) => new TenantSettings(dataSource) },
  ],
})
export class TenantsModule {}
