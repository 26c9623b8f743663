import { FormEvent, useCallback, useEffect, useState } from 'react';
import { DisasterRule, DisasterRuleInput, RecentDisasterEvent, seismicIntensities, tsunamiCategories } from '../api/dispatch-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { prefectureName, prefectures } from '../i18n/prefectures';
import { ScrollingTable } from '../components/ScrollingTable';

const emptyRule: DisasterRuleInput = {
  hazard: 'earthquake',
  minIntensity: '5-',
  name: '',
  enabled: true,
  prefectureCodes: null,
  match: 'work_or_home',
  title: '',
  message: '',
  channels: ['email'],
  includeDrills: false,
  realertOnRise: false,
  realertSuppressionMinutes: 30,
};

/** Which JMA reports send a safety check by themselves, and what recent reports did. */
export function DisasterRulesScreen() {
  const { api, navigate, language } = useConsole();
  const { t } = useTranslation();
  const [rules, setRules] = useState<DisasterRule[]>([]);
  const [events, setEvents] = useState<RecentDisasterEvent[]>([]);
  const [draft, setDraft] = useState<DisasterRuleInput>(emptyRule);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => Promise.all([api.dispatch.disasterRules().then(setRules), api.dispatch.recentDisasterEvents().then(setEvents)]).catch(setError), [api]);
  useEffect(() => void load(), [load]);

  async function act(action: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      await load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const create = (event: FormEvent) => (event.preventDefault(), void act(async () => (await api.dispatch.createDisasterRule(draft), setDraft(emptyRule))));
  const toggle = (rule: DisasterRule) => {
    const { id: _id, isDefault: _isDefault, ...input } = rule;
    return act(() => api.dispatch.replaceDisasterRule(rule.id, { ...input, enabled: !rule.enabled }));
  };
  const threshold = (rule: DisasterRuleInput) => (rule.hazard === 'earthquake' ? `${t('disaster.earthquake')} ${t('disaster.intensity')} ${rule.minIntensity}` : `${t('disaster.tsunami')} ${t(`disaster.${rule.minTsunamiCategory}`)}`);
  const setHazard = (hazard: 'earthquake' | 'tsunami') =>
    setDraft(({ hazard: _old, ...rest }) => (hazard === 'earthquake' ? { ...rest, hazard, minIntensity: '5-' } : { ...rest, hazard, minTsunamiCategory: 'tsunami-warning' }) as DisasterRuleInput);

  return (
    <section aria-labelledby="disaster-heading">
      <div className="card">
        <h1 id="disaster-heading">{t('disaster.heading')}</h1>
        <ErrorNotice error={error} />
        <ScrollingTable labelledBy="disaster-heading">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('disaster.name')}</th>
                <th scope="col">{t('disaster.threshold')}</th>
                <th scope="col">{t('compose.target.prefectures')}</th>
                <th scope="col">{t('disaster.enabled')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('disaster.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <tr key={rule.id}>
                  <td>{rule.name}</td>
                  <td>{threshold(rule)}</td>
                  <td>{rule.prefectureCodes ? rule.prefectureCodes.map((code) => prefectureName(code, language)).join('、') : t('disaster.anywhere')}</td>
                  <td>
                    <label className="checkbox">
                      <input type="checkbox" checked={rule.enabled} disabled={busy} onChange={() => void toggle(rule)} />
                      <span className="visually-hidden">{rule.name}</span>
                    </label>
                  </td>
                  <td>
                    <button type="button" disabled={busy} onClick={() => void act(() => api.dispatch.deleteDisasterRule(rule.id))}>
                      {t('disaster.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollingTable>
      </div>
      <form className="card" onSubmit={create} aria-labelledby="new-rule-heading">
        <h2 id="new-rule-heading">{t('disaster.new')}</h2>
        <div className="row">
          <Field label={t('disaster.name')}>{(id) => <input id={id} required maxLength={100} value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />}</Field>
          <Field label={t('disaster.hazard')}>
            {(id) => (
              <select id={id} value={draft.hazard} onChange={(event) => setHazard(event.target.value as 'earthquake' | 'tsunami')}>
                <option value="earthquake">{t('disaster.earthquake')}</option>
                <option value="tsunami">{t('disaster.tsunami')}</option>
              </select>
            )}
          </Field>
          <Field label={t('disaster.threshold')}>
            {(id) =>
              draft.hazard === 'earthquake' ? (
                <select id={id} value={draft.minIntensity} onChange={(event) => setDraft({ ...draft, minIntensity: event.target.value as (typeof seismicIntensities)[number] })}>
                  {seismicIntensities.map((level) => (
                    <option key={level} value={level}>
                      {t('disaster.intensity')} {level}
                    </option>
                  ))}
                </select>
              ) : (
                <select id={id} value={draft.minTsunamiCategory} onChange={(event) => setDraft({ ...draft, minTsunamiCategory: event.target.value as (typeof tsunamiCategories)[number] })}>
                  {tsunamiCategories.map((category) => (
                    <option key={category} value={category}>
                      {t(`disaster.${category}`)}
                    </option>
                  ))}
                </select>
              )
            }
          </Field>
        </div>
        <fieldset>
          <legend>{t('compose.target.prefectures')}</legend>
          <label className="checkbox">
            <input type="checkbox" checked={draft.prefectureCodes === null} onChange={(event) => setDraft({ ...draft, prefectureCodes: event.target.checked ? null : [] })} />
            {t('disaster.anywhere')}
          </label>
          {draft.prefectureCodes !== null && (
            <div className="choices prefecture-grid">
              {prefectures.map((prefecture) => (
                <label key={prefecture.code} className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.prefectureCodes!.includes(prefecture.code)}
                    onChange={(event) =>
                      setDraft({ ...draft, prefectureCodes: event.target.checked ? [...draft.prefectureCodes!, prefecture.code] : draft.prefectureCodes!.filter((code) => code !== prefecture.code) })
                    }
                  />
                  {prefecture[language]}
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <Field label={t('compose.title')}>{(id) => <input id={id} required maxLength={60} value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.target.value })} />}</Field>
        <Field label={t('compose.message')}>{(id) => <textarea id={id} required maxLength={1000} rows={3} value={draft.message} onChange={(event) => setDraft({ ...draft, message: event.target.value })} />}</Field>
        <label className="checkbox">
          <input type="checkbox" checked={draft.includeDrills} onChange={(event) => setDraft({ ...draft, includeDrills: event.target.checked })} />
          {t('disaster.includeDrills')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={draft.realertOnRise} onChange={(event) => setDraft({ ...draft, realertOnRise: event.target.checked })} />
          {t('disaster.realertOnRise')}
        </label>
        <div>
          <button type="submit" className="primary" disabled={busy || (draft.prefectureCodes !== null && draft.prefectureCodes.length === 0)}>
            {t('disaster.add')}
          </button>
        </div>
      </form>
      <div className="card">
        <h2>{t('disaster.recent')}</h2>
        {events.length === 0 && <p>{t('disaster.noEvents')}</p>}
        <ul className="link-list">
          {events.map((event) => (
            <li key={event.reportId}>
              <time dateTime={event.receivedAt}>{new Date(event.receivedAt).toLocaleString(language)}</time> <strong>{event.title}</strong> {event.status !== '通常' && <span className="badge">{event.status}</span>}
              <p>{event.headline}</p>
              {event.triggered.map((firing) => (
                <a key={firing.alertId} href={`/alerts/${firing.alertId}`} onClick={(click) => (click.preventDefault(), navigate(`/alerts/${firing.alertId}`))}>
                  {t('disaster.triggered', { rule: firing.ruleName })}
                </a>
              ))}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
