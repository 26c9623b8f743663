export * from './channel-limits';
export * from './default-templates';
export * from './message-template';
export * from './message-previews';
export * from './render-message';
export * from './tenant-templates';
export * from './tenant-templates.store';
