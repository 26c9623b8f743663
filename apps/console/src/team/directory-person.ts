import type { Employee } from '../api/tenant-api';

/** The directory person an account is linked to, as the Team screen names them. */
export type DirectoryPerson = Pick<Employee, 'id' | 'employeeNumber' | 'nameKanji'>;

/** What is known of each linked person: null when the directory could not give them (deleted meanwhile). */
export type KnownPeople = ReadonlyMap<string, DirectoryPerson | null>;

/** The linked people not read yet, each once (two accounts are never linked to one person, but a list may repeat while it reloads). */
export function peopleToRead(employeeIds: readonly (string | null)[], known: KnownPeople): string[] {
  return [...new Set(employeeIds.filter((id): id is string => id !== null && !known.has(id)))];
}

/** "佐藤 花子 (E0001)": the name with the employee number, which tells two people of one name apart. */
export function personLabel(person: DirectoryPerson): string {
  return `${person.nameKanji} (${person.employeeNumber})`;
}
