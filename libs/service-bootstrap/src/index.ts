export * from './bootstrap-service';
export * from './http-error.filter';
export * from './field-problems';
export * from './zod-validation.pipe';
export * from './service-root-module';
export * from './request-observability';
