export { changedFields } from './changed-fields';
export * from './dispatch-audit-trail';
