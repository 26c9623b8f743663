import { ReactNode, useEffect, useRef, useState } from 'react';
import { targetLimits } from '../api/dispatch-api';
import type { Employee } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { ChosenPerson, chosenPersonOf, isFull, withoutPerson, withPerson } from './chosen-people';

/** Enough to pick from; more matches ask for a longer name rather than a long list. */
const RESULTS = 20;
const SEARCH_DELAY_MS = 250;

/**
 * People chosen one by one (a business trip, a site team): a name search of the directory,
 * each match added with a button, the chosen shown as a list with a remove button each.
 * What was added or removed is announced, as the buttons pressed disappear or change.
 */
export function PeopleChooser({ people, onChange }: { people: ChosenPerson[]; onChange: (people: ChosenPerson[]) => void }) {
  const { api, language } = useConsole();
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ items: Employee[]; more: boolean }>();
  const [error, setError] = useState<unknown>();
  const [announcement, setAnnouncement] = useState('');
  const searchField = useRef<HTMLInputElement>(null);

  // Debounced like the directory screen: one request once typing pauses, an older answer dropped.
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setResults(undefined);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.tenant.employees({ q, limit: RESULTS }, controller.signal).then(
        (page) => {
          setResults({ items: page.items, more: page.nextCursor !== null });
          setError(undefined);
        },
        (caught) => !controller.signal.aborted && setError(caught),
      );
    }, SEARCH_DELAY_MS);
    return () => (clearTimeout(timer), controller.abort());
  }, [api, query]);

  const count = (list: ChosenPerson[]) => list.length.toLocaleString(language);

  function add(employee: Employee) {
    const person = chosenPersonOf(employee);
    const next = withPerson(people, person);
    if (next === people) return;
    onChange(next);
    setAnnouncement(t('compose.people.announceAdded', { name: person.name, count: count(next) }));
    // The pressed button turns into "added" (disabled): the focus goes back to the search, ready for the next name.
    searchField.current?.focus();
  }

  function remove(person: ChosenPerson) {
    const next = withoutPerson(people, person.id);
    onChange(next);
    setAnnouncement(t('compose.people.announceRemoved', { name: person.name, count: count(next) }));
    // The pressed button is gone with its row.
    searchField.current?.focus();
  }

  const chosenIds = new Set(people.map((person) => person.id));
  const full = isFull(people);
  return (
    <div role="group" aria-label={t('compose.target.employees')}>
      <Field label={t('compose.people.search')} hint={t('compose.people.searchHint')}>
        {(id, describedBy) => (
          <input id={id} ref={searchField} type="search" name="personSearch" autoComplete="off" maxLength={100} aria-describedby={describedBy} value={query} onChange={(event) => setQuery(event.target.value)} />
        )}
      </Field>
      <ErrorNotice error={error} />
      {results && (
        <>
          {results.items.length === 0 ? (
            <p className="hint">{t('compose.people.noResults')}</p>
          ) : (
            <ul className="choices" aria-label={t('compose.people.results')}>
              {results.items.map((employee) => (
                <PersonRow key={employee.id} person={chosenPersonOf(employee)}>
                  {chosenIds.has(employee.id) ? (
                    <button type="button" disabled>
                      {t('compose.people.added')}
                    </button>
                  ) : (
                    <button type="button" disabled={full} aria-label={t('compose.people.addNamed', { name: employee.nameKanji })} onClick={() => add(employee)}>
                      {t('compose.people.add')}
                    </button>
                  )}
                </PersonRow>
              ))}
            </ul>
          )}
          {results.more && <p className="hint">{t('compose.people.more')}</p>}
        </>
      )}
      {full && <p className="hint">{t('compose.people.full', { max: targetLimits.employees.toLocaleString(language) })}</p>}
      <h2 id="chosen-people-heading">{t('compose.people.chosen', { count: count(people) })}</h2>
      {people.length === 0 ? (
        <p className="hint">{t('compose.people.noneChosen')}</p>
      ) : (
        <ul className="choices" aria-labelledby="chosen-people-heading" data-testid="chosen-people">
          {people.map((person) => (
            <PersonRow key={person.id} person={person}>
              <button type="button" aria-label={t('compose.people.removeNamed', { name: person.name })} onClick={() => remove(person)}>
                {t('compose.people.remove')}
              </button>
            </PersonRow>
          ))}
        </ul>
      )}
      <p className="hint" role="status" data-testid="people-announcement">
        {announcement}
      </p>
    </div>
  );
}

/** One person as a line of a list: name and employee number, then the action. */
function PersonRow({ person, children }: { person: ChosenPerson; children: ReactNode }) {
  return (
    <li className="row" style={{ alignItems: 'center', justifyContent: 'space-between' }}>
      <span>
        {person.name} <span className="hint">{person.employeeNumber}</span>
      </span>
      {children}
    </li>
  );
}
