import { FormEvent, useEffect, useRef, useState } from 'react';
import type { Question } from '../api/dispatch-api';
import type { NonResponder } from '../api/responses-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { ProblemList } from '../components/ProblemList';
import { ModalPanel } from '../components/ModalPanel';
import { answerProblemsOf, answersBody, emptyValues } from '../answers/answer-form';
import { QuestionFields } from '../answers/QuestionFields';
import { useFocusOnFirstRefusedField } from '../components/use-focus-on-first-refused-field';
import { refusalKey } from './proxy-answer';

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

  useFocusOnFirstRefusedField(form, error);

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

  const answer = (questionId: string, value: string) => setValues((current) => ({ ...current, [questionId]: value }));
  return (
    <ModalPanel labelledBy="proxy-answer-heading" heading={t('proxyAnswer.heading', { person: personLabel })} closeLabel={t('proxyAnswer.close')} closeButtonRef={closeButton} onClose={onClose}>
      <p className="notice">{t('proxyAnswer.onBehalf')}</p>
      <p role="status" className={recorded ? 'notice notice-ok' : undefined}>
        {recorded && t('proxyAnswer.saved', { person: personLabel })}
      </p>
      <form ref={form} onSubmit={save} noValidate>
        <fieldset disabled={recorded} className="plain">
          <QuestionFields questions={questions} values={values} errors={byQuestion} onChange={answer} />
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
