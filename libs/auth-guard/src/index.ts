export * from './internal-service.guard';
