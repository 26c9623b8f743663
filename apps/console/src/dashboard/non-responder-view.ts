import type { NonResponder, NonResponderFilter } from '../api/responses-api';
import type { MessageKey } from '../i18n/messages';
import type { DirectoryContact, KnownContacts } from './non-responder-contacts';

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The filter form's choices; '' is "all". */
export interface FilterChoice {
  department: string;
  workPrefecture: string;
}

export const noFilter: FilterChoice = { department: '', workPrefecture: '' };

/** The query of the list and of its CSV download: only what was chosen. */
export function filterOf(choice: FilterChoice): NonResponderFilter {
  return {
    ...(choice.department ? { department: choice.department } : {}),
    ...(choice.workPrefecture ? { workPrefecture: choice.workPrefecture } : {}),
  };
}

/** The departments to filter by, alphabetically in the console's language. */
export function departmentOptions(departmentNames: ReadonlyMap<string, string>, language: 'ja' | 'en'): { id: string; name: string }[] {
  return [...departmentNames].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, language));
}

/**
 * The name cell: the name once the directory answered; until then the employee number, so the
 * row is never blank; a dash for someone the directory no longer has.
 */
export function nameShown(row: Pick<NonResponder, 'recipientId' | 'employeeNumber'>, contacts: KnownContacts): string {
  const contact = contacts.get(row.recipientId);
  if (contact) return contact.name;
  if (contact === null) return '—';
  return row.employeeNumber ?? '—';
}

/** Who a row is, in words (the proxy answer button and panel): the name with the number when known. */
export function nonResponderLabel(row: Pick<NonResponder, 'employeeNumber'>, contact: DirectoryContact | null | undefined, t: Translate): string {
  if (contact && row.employeeNumber) return t('proxyAnswer.personNamed', { name: contact.name, number: row.employeeNumber });
  if (contact) return contact.name;
  return row.employeeNumber ? t('proxyAnswer.person', { number: row.employeeNumber }) : t('proxyAnswer.personUnnumbered');
}
