import { useEffect, useRef, useState } from 'react';
import { useConsole } from '../app/console-context';
import { ContactLookup, KnownContacts } from './directory-contacts';

/**
 * Names and mobile phones, from the directory, of the people a dashboard list shows: each person
 * asked once however often the list is read again (ContactLookup); the phone only where the
 * caller's view of that person includes it.
 */
export function useDirectoryContacts(ids: readonly string[]): { contacts: KnownContacts; lookupError: unknown } {
  const { api } = useConsole();
  const [contacts, setContacts] = useState<KnownContacts>(new Map());
  const [lookupError, setLookupError] = useState<unknown>();
  const lookup = useRef<ContactLookup>(undefined);

  useEffect(() => {
    const current = new ContactLookup(
      async (batch, signal) => (await api.tenant.employeesByIds(batch, signal)).items,
      (known) => {
        setContacts(known);
        setLookupError(undefined);
      },
      setLookupError,
    );
    lookup.current = current;
    return () => current.stop();
  }, [api.tenant]);

  useEffect(() => {
    lookup.current?.want(ids);
  }, [ids]);

  return { contacts, lookupError };
}
