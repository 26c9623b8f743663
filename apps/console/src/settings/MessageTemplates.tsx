import { FormEvent, useEffect, useRef, useState } from 'react';
import { useFocusOnFirstRefusedField } from '../components/use-focus-on-first-refused-field';
import type { ChannelPreview, MessageTemplatesView, TemplateLanguage, TemplateTexts, TemplatesInput } from '../api/dispatch-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import type { MessageKey } from '../i18n/messages';
import { MessagePreviewList } from './MessagePreviewList';
import {
  draftsOf,
  insertVariable,
  isEdited,
  languageNames,
  languageWithProblem,
  TemplateDrafts,
  templateFieldErrors,
  templateFields,
  templateLanguages,
  templatesToSave,
  templatesWithoutLanguage,
} from './message-templates';

type TemplateField = keyof TemplateTexts;
type TextControl = HTMLInputElement | HTMLTextAreaElement;

const fieldLabels: Record<TemplateField, MessageKey> = { subject: 'templates.subject', body: 'templates.body', shortBody: 'templates.shortBody' };

/**
 * The company's own safety-check texts per language (owners and admins): written with the
 * variables the service fills in per person, previewed per channel before they are saved, and
 * returned to Anpi's defaults one language at a time. The service checks the texts; its word on
 * a field (`ja.body`) shows at that field.
 */
export function MessageTemplates() {
  const { api, language: consoleLanguage } = useConsole();
  const { t } = useTranslation();
  const [view, setView] = useState<MessageTemplatesView>();
  const [drafts, setDrafts] = useState<TemplateDrafts>();
  const [language, setLanguage] = useState<TemplateLanguage>(consoleLanguage);
  const [busy, setBusy] = useState<'saving' | 'resetting' | 'previewing'>();
  const [confirmingReset, setConfirmingReset] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [preview, setPreview] = useState<{ language: TemplateLanguage; channels: ChannelPreview[] }>();
  const controls = useRef<Partial<Record<TemplateField, TextControl | null>>>({});
  // Where a variable goes: the text field used last, and the cursor to restore after inserting.
  const lastField = useRef<TemplateField>('body');
  const pendingCursor = useRef<{ field: TemplateField; cursor: number } | undefined>(undefined);
  const form = useRef<HTMLFormElement>(null);
  const fieldErrors = templateFieldErrors(error, consoleLanguage);

  useEffect(() => {
    api.dispatch.messageTemplates().then(loaded, setError);
  }, [api]);

  // After a refusal (shown in the language with the problem, see `refused`), the keyboard lands on the first field to fix.
  useFocusOnFirstRefusedField(form, error);

  useEffect(() => {
    const pending = pendingCursor.current;
    if (!pending) return;
    pendingCursor.current = undefined;
    const control = controls.current[pending.field];
    control?.focus();
    control?.setSelectionRange(pending.cursor, pending.cursor);
  });

  function loaded(next: MessageTemplatesView) {
    setView(next);
    setDrafts(draftsOf(next));
  }

  if (!view || !drafts) {
    return (
      <section aria-labelledby="templates-heading">
        <h2 id="templates-heading">{t('settings.templates')}</h2>
        {error ? <ErrorNotice error={error} /> : <p role="status">{t('common.loading')}</p>}
      </section>
    );
  }

  const change = (field: TemplateField, text: string) => setDrafts((current) => current && { ...current, [language]: { ...current[language], [field]: text } });

  function insert(variable: string) {
    const field = lastField.current;
    const text = drafts![language][field];
    const control = controls.current[field];
    const inserted = insertVariable(text, control?.selectionStart ?? text.length, control?.selectionEnd ?? text.length, variable);
    change(field, inserted.text);
    pendingCursor.current = { field, cursor: inserted.cursor };
  }

  /** A refused text may be in the language not on screen: the form switches to it. */
  function refused(caught: unknown) {
    const language = languageWithProblem(templateFieldErrors(caught));
    if (language) setLanguage(language);
    setError(caught);
  }

  async function run(kind: 'saving' | 'resetting', body: TemplatesInput, done: (saved: MessageTemplatesView) => void) {
    setBusy(kind);
    setNotice(undefined);
    setError(undefined);
    try {
      done(await api.dispatch.saveMessageTemplates(body));
    } catch (caught) {
      refused(caught);
    } finally {
      setBusy(undefined);
    }
  }

  function save(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    void run('saving', templatesToSave(drafts!, view!), (saved) => (loaded(saved), setNotice(t('templates.saved'))));
  }

  function resetLanguage() {
    const reset = language;
    setConfirmingReset(false);
    // The other language keeps its unsaved edits: only this one was asked to change.
    void run('resetting', templatesWithoutLanguage(view!, reset), (saved) => {
      setView(saved);
      setDrafts((current) => current && { ...current, [reset]: draftsOf(saved)[reset] });
      setNotice(t('templates.resetDone', { language: languageNames[reset] }));
    });
  }

  async function showPreview() {
    setBusy('previewing');
    setNotice(undefined);
    setError(undefined);
    try {
      const result = await api.dispatch.previewMessages({ language, templates: { [language]: drafts![language] } });
      setPreview({ language, channels: result.channels });
    } catch (caught) {
      setPreview(undefined);
      refused(caught);
    } finally {
      setBusy(undefined);
    }
  }

  const texts = drafts[language];
  const hasFieldErrors = Object.keys(fieldErrors).length > 0;
  return (
    <form ref={form} onSubmit={save} aria-labelledby="templates-heading" noValidate>
      <h2 id="templates-heading">{t('settings.templates')}</h2>
      <p className="hint">{t('templates.intro')}</p>
      <fieldset>
        <legend>{t('templates.language')}</legend>
        {templateLanguages.map((choice) => (
          <label key={choice} className="radio">
            <input type="radio" name="template-language" value={choice} checked={language === choice} onChange={() => (setLanguage(choice), setConfirmingReset(false))} />
            {languageNames[choice]}（{t(view.templates[choice].own ? 'templates.own' : 'templates.defaults')}）
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('templates.texts', { language: languageNames[language] })}</legend>
        <p className="hint" data-testid="template-status">
          {t(view.templates[language].own ? 'templates.own' : 'templates.defaults')}
          {isEdited(drafts, view, language) && ` — ${t('templates.unsaved')}`}
        </p>
        {templateFields.map((field) => (
          <Field key={field} label={t(fieldLabels[field])} hint={field === 'subject' ? undefined : t('templates.answerUrlHint')} error={fieldErrors[`${language}.${field}`]}>
            {(id, describedBy, invalid) => {
              const shared = {
                id,
                name: `${language}.${field}`,
                value: texts[field],
                'aria-describedby': describedBy,
                'aria-invalid': invalid || undefined,
                onFocus: () => (lastField.current = field),
                onChange: (event: { target: { value: string } }) => change(field, event.target.value),
              };
              return field === 'subject' ? (
                <input {...shared} ref={(element) => void (controls.current[field] = element)} autoComplete="off" />
              ) : (
                <textarea {...shared} ref={(element) => void (controls.current[field] = element)} rows={field === 'body' ? 10 : 3} />
              );
            }}
          </Field>
        ))}
        <VariableButtons variables={view.variables} onInsert={insert} />
        <p className="hint">{t('templates.limits', { sms: view.limits.smsMaxSegments, line: view.limits.lineMaxCharacters, subject: view.limits.emailSubjectMaxCharacters })}</p>
      </fieldset>
      {hasFieldErrors ? (
        <p className="notice notice-error" role="alert">
          {t('templates.fixFields')}
        </p>
      ) : (
        <ErrorNotice error={error} />
      )}
      {notice && (
        <p className="notice notice-ok" role="status">
          {notice}
        </p>
      )}
      <div className="row">
        <button type="button" onClick={() => void showPreview()} disabled={busy !== undefined} aria-busy={busy === 'previewing'}>
          {busy === 'previewing' ? t('templates.previewing') : t('templates.preview')}
        </button>
        <button type="submit" className="primary" disabled={busy !== undefined} aria-busy={busy === 'saving'}>
          {busy === 'saving' ? t('templates.saving') : t('templates.save')}
        </button>
        {!confirmingReset && (
          <button type="button" onClick={() => setConfirmingReset(true)} disabled={busy !== undefined || !view.templates[language].own}>
            {t('templates.reset')}
          </button>
        )}
      </div>
      {confirmingReset && <ResetConfirmation language={language} busy={busy === 'resetting'} onConfirm={resetLanguage} onCancel={() => setConfirmingReset(false)} />}
      {preview && (
        <section aria-labelledby="templates-preview-heading">
          <h3 id="templates-preview-heading">{t('templates.previewHeading', { language: languageNames[preview.language] })}</h3>
          <MessagePreviewList previews={preview.channels} testId="template-previews" />
        </section>
      )}
    </form>
  );
}

/** One button per variable: it puts `{{variable}}` where the cursor was in the text field used last. */
function VariableButtons({ variables, onInsert }: { variables: string[]; onInsert: (variable: string) => void }) {
  const { t } = useTranslation();
  return (
    <div role="group" aria-labelledby="template-variables-heading">
      <p id="template-variables-heading" className="hint">
        {t('templates.variables')}
      </p>
      <ul className="template-variables">
        {variables.map((variable) => (
          <li key={variable}>
            {/* mousedown would take the focus (and the cursor) away from the text being written. */}
            <button type="button" aria-label={t('templates.insert', { variable: `{{${variable}}}` })} onMouseDown={(event) => event.preventDefault()} onClick={() => onInsert(variable)}>
              {`{{${variable}}}`}
            </button>{' '}
            {isKnownVariable(variable) ? t(`templates.variable.${variable}`) : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

const describedVariables = ['name', 'answerUrl', 'alertTitle', 'alertBody', 'companyName', 'sentAt'] as const;
const isKnownVariable = (variable: string): variable is (typeof describedVariables)[number] => (describedVariables as readonly string[]).includes(variable);

function ResetConfirmation({ language, busy, onConfirm, onCancel }: { language: TemplateLanguage; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice" role="alert">
      <p>{t('templates.resetConfirm', { language: languageNames[language] })}</p>
      <div className="row">
        <button type="button" className="primary danger" onClick={onConfirm} disabled={busy} aria-busy={busy}>
          {t('templates.resetConfirmed')}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {t('templates.resetCancel')}
        </button>
      </div>
    </div>
  );
}
