import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { Question } from '../api/dispatch-api';
import type { NonResponder } from '../api/responses-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { ProblemList } from '../components/ProblemList';
import { Field } from '../components/Field';
import { ModalPanel } from '../components/ModalPanel';
import { answerProblemsOf, answersBody, emptyValues, isLongText, refusalKey } from './proxy-answer';

/**
 * The crisis team records a non-responder's answer on their behalf (代理回答), typically after a
 * phone call: the alert's own questions, the service's word on each shown at its question.
 */
export function ProxyAnswerPanel({
  alertId,
  person,
  personLabel,
  questions,
  onRecorded,
  onClose,
}: {
  alertId: string;
  person: NonResponder;
  personLabel: string;
  questions: Question[];
  onRecorded: (recipientId: string) => void;
  onClose: () => void;
}) {
  const { api } = useConsole();
  const { t, language } = useTranslation();
  const [values, setValues] = useState(() => emptyValues(questions));
  const [saving, setSaving] = useState(false);
  const [recorded, setRecorded] = useState(false);
  const [error, setError] = useState<unknown>();
  const form = useRef<HTMLFormElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const { byQuestion, elsewhere } = answerProblemsOf(error, questions, language);
  const refusal = refusalKey(error);

  // After a refused save, the keyboard lands on the first question to fix (a radio group: its first choice).
  useEffect(() => {
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid instanceof HTMLFieldSetElement ? invalid.querySelector<HTMLElement>('input') : invalid)?.focus();
  }, [error]);

  // The save button goes once the answer is in; the focus, on it, would otherwise be lost.
  useEffect(() => {
    if (recorded) closeButton.current?.focus();
  }, [recorded]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setSaving(true);
    try {
      await api.responses.recordAnswer(alertId, person.recipientId, answersBody(questions, values));
      setRecorded(true);
      onRecorded(person.recipientId);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const answer = (questionId: string) => (value: string) => setValues((current) => ({ ...current, [questionId]: value }));
  return (
    <ModalPanel labelledBy="proxy-answer-heading" heading={t('proxyAnswer.heading', { person: personLabel })} closeLabel={t('proxyAnswer.close')} closeButtonRef={closeButton} onClose={onClose}>
      <p className="notice">{t('proxyAnswer.onBehalf')}</p>
      <p role="status" className={recorded ? 'notice notice-ok' : undefined}>
        {recorded && t('proxyAnswer.saved', { person: personLabel })}
      </p>
      <form ref={form} onSubmit={save} noValidate>
        <fieldset disabled={recorded} className="plain">
          {questions.map((question) =>
            question.kind === 'choice' ? (
              <ChoiceQuestion key={question.id} question={question} value={values[question.id]} error={byQuestion[question.id]} onChange={answer(question.id)} />
            ) : (
              <TextQuestion key={question.id} question={question} value={values[question.id]} error={byQuestion[question.id]} onChange={answer(question.id)} />
            ),
          )}
        </fieldset>
        {refusal ? (
          <p className="notice notice-error" role="alert">
            {t(refusal)}
          </p>
        ) : (
          <ErrorNotice error={error} />
        )}
        <ProblemList problems={elsewhere} />
        {!recorded && (
          <button type="submit" className="primary" disabled={saving} aria-busy={saving}>
            {saving ? t('proxyAnswer.saving') : t('proxyAnswer.save')}
          </button>
        )}
      </form>
    </ModalPanel>
  );
}

function useQuestionLabel(question: Question): string {
  const { t, language } = useTranslation();
  return question.label[language] + (question.required ? t('proxyAnswer.requiredMark') : '');
}

/** A radio group; an optional question also offers "no answer", as a chosen radio cannot be unticked. */
function ChoiceQuestion({ question, value, error, onChange }: { question: Question; value: string; error?: string; onChange: (choiceId: string) => void }) {
  const { t, language } = useTranslation();
  const label = useQuestionLabel(question);
  const errorId = useId();
  const choices = [...(question.required ? [] : [{ id: '', text: t('proxyAnswer.noAnswer') }]), ...(question.choices ?? []).map((choice) => ({ id: choice.id, text: choice.label[language] }))];
  return (
    <fieldset aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined}>
      <legend>{label}</legend>
      {choices.map((choice) => (
        <label key={choice.id} className="radio">
          <input type="radio" name={question.id} value={choice.id} checked={value === choice.id} onChange={() => onChange(choice.id)} />
          {choice.text}
        </label>
      ))}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

function TextQuestion({ question, value, error, onChange }: { question: Question; value: string; error?: string; onChange: (text: string) => void }) {
  const label = useQuestionLabel(question);
  return (
    <Field label={label} error={error}>
      {(id, describedBy, invalid) => {
        // What the person said, not the admin's own details: no autofill.
        const common = { id, name: question.id, value, maxLength: question.maxLength, autoComplete: 'off', 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined };
        return isLongText(question) ? (
          <textarea {...common} rows={3} onChange={(event) => onChange(event.target.value)} />
        ) : (
          <input {...common} type="text" onChange={(event) => onChange(event.target.value)} />
        );
      }}
    </Field>
  );
}
