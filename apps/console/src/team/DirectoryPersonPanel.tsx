import { useEffect, useRef, useState } from 'react';
import type { TeamMember } from '../api/team-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ConfirmedAction } from '../components/ConfirmedAction';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { ModalPanel } from '../components/ModalPanel';
import { DirectoryPerson, personLabel } from './directory-person';
import { canChooseDirectoryPerson, isPersonTaken } from './team-rules';

/**
 * Links an account to its person in the company's directory, so that whoever uses it answers
 * their own safety checks in the console: a search by name (starting from the account's name),
 * and choosing a person saves. A linked account can be unlinked, after a confirmation.
 */
export function DirectoryPersonPanel({
  member,
  name,
  current,
  onClose,
  onChanged,
}: {
  member: TeamMember;
  name: string;
  /** The person linked now, when the directory gave them. */
  current: DirectoryPerson | null | undefined;
  onClose: () => void;
  onChanged: (message: string, person?: DirectoryPerson) => void;
}) {
  const { api } = useConsole();
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const saving = useRef(false);
  const currentText = current ? personLabel(current) : t('team.personMissing');

  async function link(person: DirectoryPerson) {
    if (saving.current) return;
    saving.current = true;
    setError(undefined);
    try {
      await api.team.linkDirectoryPerson(member.id, person.id);
      onChanged(t('team.personLinked', { name, person: personLabel(person) }), person);
    } catch (caught) {
      setError(caught);
    } finally {
      saving.current = false;
    }
  }

  return (
    <ModalPanel labelledBy="directory-person-heading" heading={t('team.personHeading', { name })} closeLabel={t('team.close')} onClose={onClose}>
      <p className="hint">{t('team.personIntro')}</p>
      <p data-testid="directory-person-current">{member.employeeId ? t('team.personLinkedTo', { person: currentText }) : t('team.personNotLinked')}</p>
      {member.employeeId && (
        <ConfirmedAction
          label={t('team.personUnlink')}
          explanation={<p>{t('team.personUnlinkConfirm', { name, person: currentText })}</p>}
          confirmLabel={t('team.personUnlinkConfirmed')}
          cancelLabel={t('team.disableCancel')}
          onStart={() => setError(undefined)}
          action={async () => {
            await api.team.linkDirectoryPerson(member.id, null);
            onChanged(t('team.personUnlinked', { name }));
          }}
        />
      )}
      {canChooseDirectoryPerson(member) ? <PersonSearch initialSearch={member.displayName ?? ''} linkedId={member.employeeId} onChoose={(person) => void link(person)} /> : <p className="hint">{t('team.personDisabledAccount')}</p>}
      {isPersonTaken(error) ? (
        <p className="notice notice-error" role="alert">
          {t('team.personTaken')}
        </p>
      ) : (
        <ErrorNotice error={error} />
      )}
    </ModalPanel>
  );
}

/** The directory searched by name, debounced like the group panel's search: one request once the admin stops typing. */
function PersonSearch({ initialSearch, linkedId, onChoose }: { initialSearch: string; linkedId: string | null; onChoose: (person: DirectoryPerson) => void }) {
  const { api } = useConsole();
  const { t } = useTranslation();
  const [search, setSearch] = useState(initialSearch);
  const [found, setFound] = useState<DirectoryPerson[]>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    const wanted = search.trim();
    if (wanted === '') {
      setFound(undefined);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.tenant.employees({ q: wanted, limit: 20 }, controller.signal).then(
        (page) => (setFound(page.items.map(({ id, employeeNumber, nameKanji }) => ({ id, employeeNumber, nameKanji }))), setError(undefined)),
        (caught) => !controller.signal.aborted && setError(caught),
      );
    }, 250);
    return () => (clearTimeout(timer), controller.abort());
  }, [api, search]);

  return (
    <>
      <Field label={t('team.personSearch')} hint={t('team.personSearchHint')}>
        {(id, describedBy) => <input id={id} name="personSearch" type="search" autoComplete="off" value={search} aria-describedby={describedBy} onChange={(event) => setSearch(event.target.value)} />}
      </Field>
      {found && search.trim() !== '' && (
        <ul className="link-list" aria-label={t('team.personResults')} data-testid="directory-person-results">
          {found.map((person) => (
            <li key={person.id}>
              {person.nameKanji} <span className="hint">{person.employeeNumber}</span>{' '}
              {person.id === linkedId ? (
                <span className="badge">{t('team.personCurrent')}</span>
              ) : (
                <button type="button" className="link" aria-label={t('team.personChoose', { person: personLabel(person) })} onClick={() => onChoose(person)}>
                  {t('team.personChooseShort')}
                </button>
              )}
            </li>
          ))}
          {found.length === 0 && <li className="hint">{t('team.personNobodyFound')}</li>}
        </ul>
      )}
      <ErrorNotice error={error} />
    </>
  );
}
