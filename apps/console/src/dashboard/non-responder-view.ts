import type { ResendFilter } from '../api/dispatch-api';
import type { NonResponder, NonResponderFilter } from '../api/responses-api';
import { departmentTree } from '../directory/department-tree';
import type { MessageKey } from '../i18n/messages';
import type { DirectoryContact, KnownContacts } from './directory-contacts';

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

/** A department of the alert's breakdown, placed under its parent (null: at the top, or a parent the caller cannot see). */
export interface DepartmentPlace {
  id: string;
  name: string;
  parentId: string | null;
}

/** One choice of the department filter: its path from the top ("営業部 › 東京営業課"), so a parent is seen to include its children. */
export interface DepartmentFilterOption {
  id: string;
  label: string;
}

/** The breakdown's named departments (its "no department" row has no id, and cannot be filtered by). */
export function departmentPlacesOf(rows: readonly { departmentId: string | null; parentId: string | null; name: string | null }[]): DepartmentPlace[] {
  return rows.flatMap((row) => (row.departmentId ? [{ id: row.departmentId, name: row.name ?? '—', parentId: row.parentId }] : []));
}

/**
 * The departments to filter by, in tree order (each parent followed by its sub-departments),
 * each labelled with its path: the server filters by a department with everything under it.
 */
export function departmentFilterOptions(departments: readonly DepartmentPlace[]): DepartmentFilterOption[] {
  const byId = new Map(departments.map((department) => [department.id, department]));
  return departmentTree(departments.map((department) => ({ ...department, code: null, path: [] }))).map(({ department }) => ({
    id: department.id,
    label: ancestryOf(department.id, byId)
      .map((place) => place.name)
      .join(' › '),
  }));
}

/** The department and its ancestors the caller can see, from the top down (a cycle in bad data stops the climb). */
function ancestryOf(id: string, byId: ReadonlyMap<string, DepartmentPlace>): DepartmentPlace[] {
  const ancestry: DepartmentPlace[] = [];
  const seen = new Set<string>();
  for (let place = byId.get(id); place && !seen.has(place.id); place = place.parentId ? byId.get(place.parentId) : undefined) {
    seen.add(place.id);
    ancestry.unshift(place);
  }
  return ancestry;
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

/** The most people one re-send may name (alert-dispatch-service's limit). */
export const MAX_RESEND_PEOPLE = 10_000;

/**
 * Whom "send again to this list" asks: the people the filtered list shows, by id — exactly the
 * list on screen, whichever filters made it. Beyond the service's limit of people, a list made
 * by a department alone is asked by that department (with its sub-departments, as listed);
 * otherwise undefined: too many to name, and no department to name instead.
 */
export function resendFilterOf(choice: FilterChoice, shown: readonly Pick<NonResponder, 'recipientId'>[]): ResendFilter | undefined {
  if (shown.length === 0) return undefined;
  if (shown.length <= MAX_RESEND_PEOPLE) return { recipientIds: shown.map((row) => row.recipientId) };
  return choice.department && !choice.workPrefecture ? { departmentIds: [choice.department] } : undefined;
}
