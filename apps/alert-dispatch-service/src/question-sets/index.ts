export * from './tenant-question-set.store';
