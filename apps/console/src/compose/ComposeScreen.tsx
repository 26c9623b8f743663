import { FormEvent, useEffect, useRef, useState } from 'react';
import type { Department, Group } from '../api/tenant-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { prefectures } from '../i18n/prefectures';
import { ComposeDraft, discardDraft, loadDraft, newDraft, requestOf, saveDraft, targetOf, templates } from './compose-draft';
import { AlertTiming } from './AlertTiming';
import { ChannelOrder } from './ChannelOrder';
import { toggled } from './channel-order';
import { alertRefusalOf } from './compose-preview';
import { channelLimitRefusalText } from './channel-limit-problem';
import { ComposePreview } from './ComposePreview';
import { GroupChoices } from './GroupChoices';
import { PeopleChooser } from './PeopleChooser';
import { QuestionSummary } from './QuestionSummary';
import { resendDefaults } from '../settings/resend-defaults';

const RECOUNT_MS = 3_000;

export function ComposeScreen() {
  const { api, navigate, language } = useConsole();
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ComposeDraft>(() => loadDraft(sessionStorage) ?? newDraft(() => crypto.randomUUID(), resendDefaults(localStorage)));
  const [departments, setDepartments] = useState<Department[]>([]);
  const [groups, setGroups] = useState<Group[]>();
  const [groupsError, setGroupsError] = useState<unknown>();
  const [count, setCount] = useState<number | undefined>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  const inFlight = useRef(false);

  const update = (patch: Partial<ComposeDraft>) =>
    setDraft((current) => {
      const next = { ...current, ...patch };
      saveDraft(sessionStorage, next);
      return next;
    });

  useEffect(() => {
    api.tenant.departments().then((page) => setDepartments(page.items), () => setDepartments([]));
    api.tenant.groups().then((page) => setGroups(page.items), setGroupsError);
  }, [api]);

  // A group chosen in a saved draft may have been deleted since: it is no longer offered, so it is no longer sent to.
  useEffect(() => {
    if (!groups) return;
    const known = new Set(groups.map((group) => group.id));
    setDraft((current) => {
      if (current.groupIds.every((id) => known.has(id))) return current;
      const next = { ...current, groupIds: current.groupIds.filter((id) => known.has(id)) };
      saveDraft(sessionStorage, next);
      return next;
    });
  }, [groups]);

  // Live recipient count: soon after the target changes, then every few seconds (the directory
  // changes too, e.g. while an import is being applied). Stale answers are dropped.
  const target = targetOf(draft);
  const targetJson = JSON.stringify(target);
  useEffect(() => {
    setCount(undefined);
    if (!target) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout>;
    const count = () =>
      api.dispatch.recipientCount(target, controller.signal).then(
        (result) => setCount(result.count),
        () => undefined,
      );
    const schedule = (delayMs: number) => (timer = setTimeout(() => void count().finally(() => !controller.signal.aborted && schedule(RECOUNT_MS)), delayMs));
    schedule(250);
    return () => (clearTimeout(timer), controller.abort());
  }, [api, targetJson]);

  function applyTemplate(name: string) {
    const wording = templates[name]?.[language];
    update({ template: name, ...(wording ?? {}), ...(name === 'drill' ? { drill: true } : {}) });
  }

  async function send(event: FormEvent) {
    event.preventDefault();
    const request = requestOf(draft);
    // The ref, not the state: two clicks in one frame both see `sending === false`.
    if (!request || inFlight.current) return;
    inFlight.current = true;
    setSending(true);
    setError(undefined);
    try {
      const alert = await api.dispatch.createAlert(request, draft.idempotencyKey);
      discardDraft(sessionStorage);
      navigate(`/alerts/${alert.id}`);
    } catch (caught) {
      setError(caught);
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  }

  return (
    <section className="card" aria-labelledby="compose-heading">
      <h1 id="compose-heading">{t('compose.heading')}</h1>
      <form onSubmit={send}>
        <Field label={t('compose.template')}>
          {(id) => (
            <select id={id} value={draft.template} onChange={(event) => applyTemplate(event.target.value)}>
              <option value="">{t('compose.template.none')}</option>
              {Object.keys(templates).map((name) => (
                <option key={name} value={name}>
                  {t(`compose.template.${name}` as 'compose.template.earthquake')}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('compose.title')}>{(id) => <input id={id} name="title" required maxLength={100} value={draft.title} onChange={(event) => update({ title: event.target.value })} />}</Field>
        <Field label={t('compose.message')}>
          {(id) => <textarea id={id} name="message" required maxLength={2000} rows={4} value={draft.message} onChange={(event) => update({ message: event.target.value })} />}
        </Field>
        <fieldset>
          <legend>{t('compose.target')}</legend>
          {(['all', 'departments', 'prefectures', 'groups', 'employees'] as const).map((kind) => (
            <label key={kind} className="radio">
              <input type="radio" name="targetKind" value={kind} checked={draft.targetKind === kind} onChange={() => update({ targetKind: kind })} />
              {t(`compose.target.${kind}`)}
            </label>
          ))}
          {draft.targetKind === 'departments' && (
            <div className="choices" role="group" aria-label={t('compose.target.departments')}>
              {departments.map((department) => (
                <label key={department.id} className="checkbox" style={{ paddingInlineStart: `${(department.path.length - 1) * 1.25}rem` }}>
                  <input type="checkbox" checked={draft.departmentIds.includes(department.id)} onChange={(event) => update({ departmentIds: toggled(draft.departmentIds, department.id, event.target.checked) })} />
                  {department.name}
                </label>
              ))}
            </div>
          )}
          {draft.targetKind === 'prefectures' && (
            <>
              <div className="choices prefecture-grid" role="group" aria-label={t('compose.target.prefectures')}>
                {prefectures.map((prefecture) => (
                  <label key={prefecture.code} className="checkbox">
                    <input
                      type="checkbox"
                      checked={draft.prefectureCodes.includes(prefecture.code)}
                      onChange={(event) => update({ prefectureCodes: toggled(draft.prefectureCodes, prefecture.code, event.target.checked) })}
                    />
                    {prefecture[language]}
                  </label>
                ))}
              </div>
              <Field label={t('compose.match')}>
                {(id) => (
                  <select id={id} value={draft.match} onChange={(event) => update({ match: event.target.value as ComposeDraft['match'] })}>
                    {(['work_or_home', 'work', 'home'] as const).map((match) => (
                      <option key={match} value={match}>
                        {t(`compose.match.${match}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </>
          )}
          {draft.targetKind === 'groups' && <GroupChoices groups={groups} error={groupsError} chosen={draft.groupIds} onChange={(groupIds) => update({ groupIds })} />}
          {draft.targetKind === 'employees' && <PeopleChooser people={draft.people} onChange={(people) => update({ people })} />}
          <p className="recipient-count" role="status" aria-live="polite" data-testid="recipient-count">
            {target ? (count === undefined ? t('compose.recipientsCounting') : t('compose.recipients', { count: count.toLocaleString(language) })) : ''}
          </p>
        </fieldset>
        <ChannelOrder channels={draft.channels} onChange={(channels) => update({ channels })} />
        <div className="row">
          <Field label={t('compose.resendInterval')}>
            {(id) => <input id={id} type="number" min={5} max={1440} value={draft.resendIntervalMinutes} onChange={(event) => update({ resendIntervalMinutes: Number(event.target.value) })} />}
          </Field>
          <Field label={t('compose.resendRounds')}>
            {(id) => <input id={id} type="number" min={0} max={10} value={draft.resendMaxRounds} onChange={(event) => update({ resendMaxRounds: Number(event.target.value) })} />}
          </Field>
        </div>
        <AlertTiming draft={draft} onChange={update} />
        <label className="checkbox">
          <input type="checkbox" name="drill" checked={draft.drill} onChange={(event) => update({ drill: event.target.checked })} />
          {t('compose.drill')}
        </label>
        <QuestionSummary />
        <ComposePreview draft={draft} />
        <SendError error={error} />
        <button type="submit" className="primary danger" disabled={sending || !requestOf(draft)} aria-busy={sending}>
          {sending ? t('compose.sending') : t('compose.send')}
        </button>
      </form>
    </section>
  );
}

/**
 * Why the alert was not sent, in the console's words: a target reaching nobody, a key already
 * used; a text some chosen channel cannot carry, with what to change and each problem.
 */
function SendError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const refusal = alertRefusalOf(error);
  if (refusal?.kind === 'nobody') return <RefusalNotice text={t('compose.nobody')} />;
  if (refusal?.kind === 'key-reused') return <RefusalNotice text={t('compose.keyReused')} />;
  if (refusal?.kind !== 'does-not-fit') return <ErrorNotice error={error} />;
  return (
    <div className="notice notice-error" role="alert" data-testid="does-not-fit">
      <p>{t('compose.doesNotFit')}</p>
      <ul>
        {refusal.problems.map((problem) => (
          <li key={problem.message}>{channelLimitRefusalText(problem, t)}</li>
        ))}
      </ul>
    </div>
  );
}

function RefusalNotice({ text }: { text: string }) {
  return (
    <p className="notice notice-error" role="alert">
      {text}
    </p>
  );
}
