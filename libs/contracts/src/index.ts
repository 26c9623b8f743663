export * from './envelope';
export * from './topics';
export * from './event-registry';
export * from './events/tenant-events';
export * from './events/directory-events';
export * from './events/auth-events';
export * from './events/alert-events';
export * from './events/response-events';
