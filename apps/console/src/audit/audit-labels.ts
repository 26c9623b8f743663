import type { MessageKey } from '../i18n/messages';

/**
 * The action codes of the three services' audit logs that the console can name, each with its
 * message (ja and en). Codes are distinct across services, so one map serves every source; a
 * code added to a service later shows as itself until it is named here.
 */
const actionMessages: Readonly<Record<string, MessageKey>> = {
  // tenant-service: directory and company
  'employee.created': 'audit.action.employee.created',
  'employee.updated': 'audit.action.employee.updated',
  'employee.disabled': 'audit.action.employee.disabled',
  'employee.enabled': 'audit.action.employee.enabled',
  'employee.deleted': 'audit.action.employee.deleted',
  'employee.purged': 'audit.action.employee.purged',
  'department.created': 'audit.action.department.created',
  'department.updated': 'audit.action.department.updated',
  'department.moved': 'audit.action.department.moved',
  'department.deleted': 'audit.action.department.deleted',
  'group.created': 'audit.action.group.created',
  'group.updated': 'audit.action.group.updated',
  'group.deleted': 'audit.action.group.deleted',
  'group.members_replaced': 'audit.action.group.members_replaced',
  'directory.exported': 'audit.action.directory.exported',
  'directory_import.started': 'audit.action.directory_import.started',
  'directory_import.validated': 'audit.action.directory_import.validated',
  'directory_import.applied': 'audit.action.directory_import.applied',
  'directory_import.rejected': 'audit.action.directory_import.rejected',
  'directory_import.failed': 'audit.action.directory_import.failed',
  'tenant.settings_changed': 'audit.action.tenant.settings_changed',
  tenant_suspended: 'audit.action.tenant_suspended',
  tenant_resumed: 'audit.action.tenant_resumed',
  // auth-service: accounts
  account_provisioned: 'audit.action.account_provisioned',
  account_invited: 'audit.action.account_invited',
  account_invitation_resent: 'audit.action.account_invitation_resent',
  account_activated: 'audit.action.account_activated',
  password_reset: 'audit.action.password_reset',
  password_rehashed: 'audit.action.password_rehashed',
  refresh_token_reused: 'audit.action.refresh_token_reused',
  account_disabled: 'audit.action.account_disabled',
  account_deleted: 'audit.action.account_deleted',
  directory_person_changed: 'audit.action.directory_person_changed',
  mfa_enrolled: 'audit.action.mfa_enrolled',
  mfa_recovery_code_used: 'audit.action.mfa_recovery_code_used',
  mfa_requirement_changed: 'audit.action.mfa_requirement_changed',
  second_factor_reset: 'audit.action.second_factor_reset',
  // alert-dispatch-service: safety checks and delivery settings
  'alert.created': 'audit.action.alert.created',
  'alert.closed': 'audit.action.alert.closed',
  'alert.resent': 'audit.action.alert.resent',
  'alert.widened': 'audit.action.alert.widened',
  'channel_settings.changed': 'audit.action.channel_settings.changed',
  'channel_settings.removed': 'audit.action.channel_settings.removed',
  'question_set.saved': 'audit.action.question_set.saved',
  'question_set.reset': 'audit.action.question_set.reset',
  'message_templates.saved': 'audit.action.message_templates.saved',
  'message_templates.reset': 'audit.action.message_templates.reset',
  'disaster_rule.created': 'audit.action.disaster_rule.created',
  'disaster_rule.changed': 'audit.action.disaster_rule.changed',
  'disaster_rule.removed': 'audit.action.disaster_rule.removed',
};

/** What an entry acted on (its `target.type`), across the three services. */
const targetTypeMessages: Readonly<Record<string, MessageKey>> = {
  employee: 'audit.targetType.employee',
  department: 'audit.targetType.department',
  group: 'audit.targetType.group',
  import_job: 'audit.targetType.import_job',
  tenant: 'audit.targetType.tenant',
  account: 'audit.targetType.account',
  alert: 'audit.targetType.alert',
  channel_settings: 'audit.targetType.channel_settings',
  question_set: 'audit.targetType.question_set',
  message_templates: 'audit.targetType.message_templates',
  disaster_rule: 'audit.targetType.disaster_rule',
};

type Translate = (key: MessageKey) => string;

// Own properties only: a code such as "constructor" must not find Object.prototype's.
const labelOf = (messages: Readonly<Record<string, MessageKey>>, code: string, t: Translate) => (Object.hasOwn(messages, code) ? t(messages[code]) : code);

/** The action in the console's language; an action the console does not know yet shows as its code. */
export const auditActionLabel = (action: string, t: Translate): string => labelOf(actionMessages, action, t);

/** The kind of thing acted on in the console's language, or the service's word for it. */
export const auditTargetLabel = (targetType: string, t: Translate): string => labelOf(targetTypeMessages, targetType, t);

/** Whether the console names this action (the screen marks unnamed codes as code). */
export const isNamedAuditAction = (action: string): boolean => Object.hasOwn(actionMessages, action);
