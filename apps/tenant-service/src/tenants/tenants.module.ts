import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SignUpTenant } from './sign-up-tenant';
import { TenantsController } from './tenants.controller';

@Module({
  controllers: [TenantsController],
  providers: [{ provide: SignUpTenant, inject: [DataSource], useFactory: (dataSource: DataSource) => new SignUpTenant(dataSource) }],
})
export class TenantsModule {}
