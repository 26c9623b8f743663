export * from './known-tenant.entity';
export * from './known-tenants.migration';
export * from './tenant-projection.module';
