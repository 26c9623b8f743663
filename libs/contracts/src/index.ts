export * from './envelope';
export * from './topics';
export * from './event-registry';
export * from './events/tenant-events';
