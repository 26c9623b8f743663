export * from './database-config';
export * from './data-source-factory';
export * from './migration-runner';
export * from './tenant-isolation';
export * from './database-readiness';
export * from './database-failover';
export * from './statement-batcher';
export * from './audit-log';
