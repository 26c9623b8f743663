export * from './config-loader';
export * from './common-variables';
export * from './key-ring';
export * from './mail-sender';
