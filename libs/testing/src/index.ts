export * from './local-stack';
export * from './wait-for';
export * from './service-process';
export * from './scratch-database';
export * from './test-token-issuer';
export * from './mail-catcher';
export * from './topics';
export * from './oversized-request';
