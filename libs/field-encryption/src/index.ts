export * from './field-cipher';
export * from './tenant-data-keys';
export * from './tenant-keyring';
export * from './tenant-blind-index';
export * from './contact-event-sealer';
