import { useCallback, useEffect, useState } from 'react';
import type { TeamMember } from '../api/team-api';
import { useConsole } from '../app/console-context';
import { DirectoryPerson, KnownPeople, peopleToRead } from './directory-person';

/**
 * The directory people the listed accounts are linked to, read one by one (the team list has
 * only their ids; a company has few console accounts). `remember` takes a person just chosen,
 * so the row names them without another read.
 */
export function useDirectoryPeople(members: readonly TeamMember[] | undefined): { people: KnownPeople; remember: (person: DirectoryPerson) => void } {
  const { api } = useConsole();
  const [people, setPeople] = useState<KnownPeople>(new Map());
  const missing = peopleToRead((members ?? []).map((member) => member.employeeId), people).join(',');

  useEffect(() => {
    if (missing === '') return;
    const controller = new AbortController();
    for (const id of missing.split(',')) {
      api.tenant.employee(id, controller.signal).then(
        ({ employeeNumber, nameKanji }) => setPeople((known) => new Map(known).set(id, { id, employeeNumber, nameKanji })),
        () => !controller.signal.aborted && setPeople((known) => new Map(known).set(id, null)),
      );
    }
    return () => controller.abort();
  }, [api, missing]);

  const remember = useCallback((person: DirectoryPerson) => setPeople((known) => new Map(known).set(person.id, person)), []);
  return { people, remember };
}
