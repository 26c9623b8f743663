import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useFocusOnFirstRefusedField } from '../components/use-focus-on-first-refused-field';
import { fieldErrorsOf } from '../api/field-problem-text';
import type { Group, TenantApi } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { ConfirmedAction } from '../components/ConfirmedAction';
import { ModalPanel } from '../components/ModalPanel';
import { candidatesFor, GroupMember, groupPatch, membersBody, membersChanged, withMember, withoutMember } from './group-members';

/**
 * Groups cut across departments ("crisis team", "on a business trip this week") and alerts can
 * target them. Owners and admins create, rename and delete them, and put people in and out,
 * found by searching the directory.
 */
export function GroupPanel({ onClose }: { onClose: () => void }) {
  const { api } = useConsole();
  const { t, language } = useTranslation();
  const [groups, setGroups] = useState<Group[]>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [selectedId, setSelectedId] = useState<string>();
  const [created, setCreated] = useState(0);

  const reload = useCallback(() => api.tenant.groups().then((page) => setGroups(page.items), setError), [api]);
  useEffect(() => void reload(), [reload]);

  // The list's count follows a save at once; the reload confirms it.
  function changed(group: Group, message: string) {
    setGroups((current) => current?.map((known) => (known.id === group.id ? group : known)));
    setNotice(message);
    void reload();
  }

  const selected = groups?.find((group) => group.id === selectedId);
  return (
    <ModalPanel labelledBy="group-panel-heading" heading={t('groups.heading')} closeLabel={t('directory.close')} onClose={onClose}>
      <p role="status" className={notice ? 'notice notice-ok' : undefined}>
        {notice}
      </p>
      <ErrorNotice error={error} />
      <section aria-labelledby="new-group-heading">
        <h3 id="new-group-heading">{t('groups.new')}</h3>
        <GroupForm
          key={created}
          notify={setNotice}
          onSaved={(group) => {
            setCreated((count) => count + 1);
            setGroups((current) => [...(current ?? []), group].sort((a, b) => a.name.localeCompare(b.name, 'ja')));
            setSelectedId(group.id);
            setNotice(t('groups.created', { name: group.name }));
          }}
        />
      </section>
      <section aria-labelledby="group-list-heading">
        <h3 id="group-list-heading">{t('groups.list')}</h3>
        {groups === undefined && !error && <p>{t('common.loading')}</p>}
        {groups?.length === 0 && <p className="hint">{t('groups.none')}</p>}
        <ul className="link-list" data-testid="group-list">
          {groups?.map((group) => (
            <li key={group.id}>
              <button type="button" className="link" aria-current={group.id === selectedId} onClick={() => (setSelectedId(group.id), setNotice(undefined))}>
                {group.name}
              </button>{' '}
              <span className="hint">{t('groups.memberCount', { count: group.memberCount.toLocaleString(language) })}</span>
            </li>
          ))}
        </ul>
      </section>
      {selected && (
        <section aria-labelledby="edit-group-heading" key={selected.id}>
          <h3 id="edit-group-heading">{t('groups.edit')}</h3>
          <GroupForm group={selected} notify={setNotice} onSaved={(group) => changed(group, t('directory.saved'))} />
          <GroupMembers group={selected} notify={setNotice} onSaved={(group) => changed(group, t('groups.membersSaved', { count: group.memberCount.toLocaleString(language) }))} />
          <DeleteGroup
            group={selected}
            notify={setNotice}
            onDeleted={() => {
              setSelectedId(undefined);
              setGroups((current) => current?.filter((group) => group.id !== selected.id));
              setNotice(t('groups.deleted', { name: selected.name }));
              document.getElementById('group-panel-heading')?.focus();
            }}
          />
        </section>
      )}
    </ModalPanel>
  );
}

/** Name and description of a new group, or of a stored one (only the changed fields are sent). */
function GroupForm({ group, notify, onSaved }: { group?: Group; notify: (message?: string) => void; onSaved: (group: Group) => void }) {
  const { api } = useConsole();
  const { t, language } = useTranslation();
  const [values, setValues] = useState({ name: group?.name ?? '', description: group?.description ?? '' });
  const [error, setError] = useState<unknown>();
  const [nameMissing, setNameMissing] = useState(false);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const serviceErrors = fieldErrorsOf(error, language);
  const errors: Record<string, string | undefined> = { ...serviceErrors, ...(nameMissing && { name: t('directory.required') }) };
  const headingId = group ? 'edit-group-heading' : 'new-group-heading';

  useFocusOnFirstRefusedField(form, error, nameMissing);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    notify(undefined);
    setError(undefined);
    const missing = values.name.trim() === '';
    setNameMissing(missing);
    if (missing) return;
    let request: () => Promise<Group>;
    if (group) {
      const patch = groupPatch(group, values);
      if (Object.keys(patch).length === 0) return notify(t('directory.unchanged'));
      request = () => api.tenant.updateGroup(group.id, patch);
    } else {
      request = () => api.tenant.createGroup({ name: values.name.trim(), description: values.description.trim() });
    }
    setSaving(true);
    try {
      onSaved(await request());
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const hasFieldError = Object.keys(serviceErrors).some((path) => path === 'name' || path === 'description');
  return (
    <form ref={form} onSubmit={save} noValidate aria-labelledby={headingId}>
      <Field label={t('groups.name')} error={errors.name}>
        {(id, describedBy, invalid) => (
          <input id={id} name="name" required autoComplete="off" value={values.name} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(event) => setValues({ ...values, name: event.target.value })} />
        )}
      </Field>
      <Field label={t('groups.description')} error={errors.description}>
        {(id, describedBy, invalid) => (
          <textarea id={id} name="description" rows={2} value={values.description} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(event) => setValues({ ...values, description: event.target.value })} />
        )}
      </Field>
      {!hasFieldError && <ErrorNotice error={error} />}
      <button type="submit" className="primary" disabled={saving} aria-busy={saving}>
        {group ? (saving ? t('directory.saving') : t('directory.save')) : saving ? t('directory.creating') : t('groups.create')}
      </button>
    </form>
  );
}

/** The people of a stored group: taken from the directory one by one, since the service answers only their ids. */
/** Every member with their name, a page of 200 at a time (a group may hold thousands). */
async function membersOf(tenant: TenantApi, groupId: string, signal: AbortSignal): Promise<GroupMember[]> {
  const members: GroupMember[] = [];
  let cursor: string | undefined;
  do {
    const page = await tenant.employees({ groupId, cursor, limit: 200 }, signal);
    members.push(...page.items.map(({ id, employeeNumber, nameKanji }) => ({ id, employeeNumber, nameKanji })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return members;
}

/**
 * The member list as edited here, saved as a whole (the service replaces the membership with
 * the list sent). People are found by part of their name, as in the directory's search.
 */
function GroupMembers({ group, notify, onSaved }: { group: Group; notify: (message?: string) => void; onSaved: (group: Group) => void }) {
  const { api } = useConsole();
  const { t, language } = useTranslation();
  const [stored, setStored] = useState<string[]>();
  const [members, setMembers] = useState<GroupMember[]>([]);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<GroupMember[]>([]);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const searchBox = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    membersOf(api.tenant, group.id, controller.signal)
      .then((people) => {
        setMembers(people);
        setStored(people.map((person) => person.id));
      })
      .catch((caught: unknown) => !controller.signal.aborted && setError(caught));
    return () => controller.abort();
  }, [api, group.id]);

  // Debounced like the directory's search: one request once the admin stops typing.
  useEffect(() => {
    const wanted = search.trim();
    if (wanted === '') {
      setFound([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.tenant.employees({ q: wanted, limit: 20 }, controller.signal).then(
        (page) => setFound(page.items.map((employee) => ({ id: employee.id, employeeNumber: employee.employeeNumber, nameKanji: employee.nameKanji }))),
        (caught) => !controller.signal.aborted && setError(caught),
      );
    }, 250);
    return () => (clearTimeout(timer), controller.abort());
  }, [api, search]);

  async function save() {
    if (saving) return;
    notify(undefined);
    setError(undefined);
    setSaving(true);
    try {
      const body = membersBody(members);
      const saved = await api.tenant.replaceGroupMembers(group.id, body.employeeIds);
      setStored(body.employeeIds);
      onSaved(saved);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  // The added person leaves the results (and their button with them): the focus goes back to the search box for the next one.
  function addMember(person: GroupMember) {
    setMembers(withMember(members, person));
    searchBox.current?.focus();
  }

  // The service names a refused person by their place in the list sent, which is the list shown.
  const memberErrors = fieldErrorsOf(error, language);
  const candidates = candidatesFor(found, members);
  const unsaved = stored !== undefined && membersChanged(stored, members);
  return (
    <fieldset>
      <legend>{t('groups.members', { count: members.length.toLocaleString(language) })}</legend>
      {stored === undefined && !error && <p>{t('common.loading')}</p>}
      {stored !== undefined && members.length === 0 && <p className="hint">{t('groups.noMembers')}</p>}
      <ul className="link-list" aria-label={t('groups.memberList')}>
        {members.map((member, index) => (
          <li key={member.id}>
            {member.nameKanji} <span className="hint">{member.employeeNumber}</span>{' '}
            <button
              type="button"
              className="link"
              aria-label={t('groups.remove', { name: member.nameKanji })}
              onClick={() => {
                setMembers(withoutMember(members, member.id));
                searchBox.current?.focus();
              }}
            >
              {t('groups.removeShort')}
            </button>
            {memberErrors[`employeeIds.${index}`] && <p className="field-error">{memberErrors[`employeeIds.${index}`]}</p>}
          </li>
        ))}
      </ul>
      <Field label={t('groups.search')} hint={t('groups.searchHint')}>
        {(id, describedBy) => <input ref={searchBox} id={id} type="search" autoComplete="off" value={search} aria-describedby={describedBy} onChange={(event) => setSearch(event.target.value)} />}
      </Field>
      {search.trim() !== '' && (
        <ul className="link-list" aria-label={t('groups.searchResults')}>
          {candidates.map((person) => (
            <li key={person.id}>
              {person.nameKanji} <span className="hint">{person.employeeNumber}</span>{' '}
              <button type="button" className="link" aria-label={t('groups.add', { name: person.nameKanji })} onClick={() => addMember(person)}>
                {t('groups.addShort')}
              </button>
            </li>
          ))}
          {candidates.length === 0 && <li className="hint">{t('groups.nobodyFound')}</li>}
        </ul>
      )}
      {unsaved && <p className="hint">{t('groups.unsaved')}</p>}
      <ErrorNotice error={error} />
      <button type="button" className="primary" onClick={() => void save()} disabled={saving || stored === undefined} aria-busy={saving}>
        {saving ? t('directory.saving') : t('groups.saveMembers')}
      </button>
    </fieldset>
  );
}

/** Deleting asks first: the people stay in the directory, only the group and its membership go. */
function DeleteGroup({ group, notify, onDeleted }: { group: Group; notify: (message?: string) => void; onDeleted: () => void }) {
  const { api } = useConsole();
  const { t, language } = useTranslation();
  return (
    <ConfirmedAction
      label={t('groups.delete')}
      explanation={<p>{t('groups.deleteConfirm', { name: group.name, count: group.memberCount.toLocaleString(language) })}</p>}
      confirmLabel={t('groups.deleteConfirmed')}
      cancelLabel={t('departments.cancel')}
      onStart={() => notify(undefined)}
      action={async () => {
        await api.tenant.deleteGroup(group.id);
        onDeleted();
      }}
    />
  );
}
