import { useEffect, useMemo, useRef, useState } from 'react';
import type { TeamMember } from '../api/team-api';
import type { Department } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { ScrollingTable } from '../components/ScrollingTable';
import { useOwnSafetyChecks } from '../own-safety-check/own-safety-checks-context';
import { DirectoryPerson, KnownPeople } from './directory-person';
import { DirectoryPersonPanel } from './DirectoryPersonPanel';
import { InvitePanel } from './InvitePanel';
import { MemberActions } from './MemberActions';
import { roleLabel, secondFactorLabel, statusLabel } from './team-labels';
import { canLinkDirectoryPerson, inDisplayOrder, invitableRoles } from './team-rules';
import { useDirectoryPeople } from './use-directory-people';

/** Who has console access in the company: owners and admins see everyone, invite colleagues and off-board them. */
export function TeamScreen() {
  const { api, principal } = useConsole();
  const { t, language } = useTranslation();
  const [members, setMembers] = useState<TeamMember[]>();
  const [departments, setDepartments] = useState<Department[]>([]);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [inviting, setInviting] = useState(false);
  const [linking, setLinking] = useState<TeamMember>();
  const [reloads, setReloads] = useState(0);
  const status = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    api.team.members().then((page) => (setMembers(page.items), setError(undefined)), setError);
  }, [api, reloads]);

  // Only to name a department admin's departments: the list works without them.
  useEffect(() => {
    api.tenant.departments().then((page) => setDepartments(page.items), () => setDepartments([]));
  }, [api]);

  const departmentNames = useMemo(() => new Map(departments.map((department) => [department.id, department.name])), [departments]);
  const rows = useMemo(() => inDisplayOrder(members ?? []), [members]);
  const { people, remember } = useDirectoryPeople(members);
  const ownSafetyChecks = useOwnSafetyChecks();
  const listFormat = useMemo(() => new Intl.ListFormat(language, { type: 'unit' }), [language]);

  /** The outcome of an action is announced; `moveFocus` when the button that was used is gone (a disabled row has none). */
  function announce(message: string, moveFocus = false) {
    setNotice(message);
    setReloads((count) => count + 1);
    if (moveFocus) requestAnimationFrame(() => status.current?.focus());
  }

  const nameOf = (member: TeamMember) => member.displayName ?? member.email ?? t('team.unreadable');
  const canInvite = invitableRoles(principal).length > 0;
  return (
    <section className="card" aria-labelledby="team-heading">
      <h1 id="team-heading">{t('team.heading')}</h1>
      <p className="hint">{t('team.intro')}</p>
      {canInvite && (
        <button type="button" className="primary" aria-haspopup="dialog" onClick={() => (setNotice(undefined), setInviting(true))}>
          {t('team.invite')}
        </button>
      )}
      <p ref={status} role="status" tabIndex={-1} className={notice ? 'notice notice-ok' : undefined} data-testid="team-notice">
        {notice}
      </p>
      <ErrorNotice error={error} />
      {members === undefined ? (
        !error && <p>{t('common.loading')}</p>
      ) : (
        <ScrollingTable labelledBy="team-heading">
          <table data-testid="team-table">
            <thead>
              <tr>
                <th scope="col">{t('team.name')}</th>
                <th scope="col">{t('team.email')}</th>
                <th scope="col">{t('team.role')}</th>
                <th scope="col">{t('team.status')}</th>
                <th scope="col">{t('team.departments')}</th>
                <th scope="col">{t('team.twoStep')}</th>
                <th scope="col">{t('team.person')}</th>
                <th scope="col">{t('team.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((member) => (
                <tr key={member.id} data-account-id={member.id}>
                  <th scope="row">
                    {member.displayName ?? t('team.unreadable')}
                    {member.id === principal?.userId && (
                      <>
                        {' '}
                        <span className="badge">{t('team.you')}</span>
                      </>
                    )}
                  </th>
                  <td>{member.email ?? t('team.unreadable')}</td>
                  <td style={{ whiteSpace: 'nowrap' }}>{t(roleLabel[member.role])}</td>
                  <td data-testid="team-status" style={{ whiteSpace: 'nowrap' }}>{t(statusLabel[member.status])}</td>
                  <td>{member.role === 'department_admin' ? listFormat.format(member.departmentIds.map((id) => departmentNames.get(id) ?? t('team.unknownDepartment'))) : '—'}</td>
                  <td data-testid="team-two-step" style={{ whiteSpace: 'nowrap' }}>
                    {t(secondFactorLabel[member.secondFactor])}
                  </td>
                  <td data-testid="team-person">
                    <LinkedPerson member={member} people={people} />{' '}
                    {canLinkDirectoryPerson(principal, member) && (
                      <button type="button" className="link" aria-haspopup="dialog" aria-label={t('team.personSetNamed', { name: nameOf(member) })} onClick={() => (setNotice(undefined), setLinking(member))}>
                        {t('team.personSet')}
                      </button>
                    )}
                  </td>
                  <td>
                    <MemberActions member={member} onDone={announce} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollingTable>
      )}
      {linking && (
        <DirectoryPersonPanel
          member={linking}
          name={nameOf(linking)}
          current={linking.employeeId ? people.get(linking.employeeId) : undefined}
          onClose={() => setLinking(undefined)}
          onChanged={(message, person) => {
            if (person) remember(person);
            setLinking(undefined);
            announce(message);
            // Their own link changes what the signed-in user is asked: the region above the screen follows at once.
            if (linking.id === principal?.userId) ownSafetyChecks.reload();
          }}
        />
      )}
      {inviting && (
        <InvitePanel
          departments={departments}
          onClose={() => setInviting(false)}
          onInvited={(email) => {
            setInviting(false);
            announce(t('team.invited', { email }));
          }}
        />
      )}
    </section>
  );
}

/** The directory person in words: name and employee number, "—" when the account is not linked. */
function LinkedPerson({ member, people }: { member: TeamMember; people: KnownPeople }) {
  const { t } = useTranslation();
  if (!member.employeeId) return <>—</>;
  const person: DirectoryPerson | null | undefined = people.get(member.employeeId);
  if (person === undefined) return <>{t('common.loading')}</>;
  if (person === null) return <>{t('team.personMissing')}</>;
  return (
    <>
      {person.nameKanji} <span className="hint">{person.employeeNumber}</span>
    </>
  );
}
