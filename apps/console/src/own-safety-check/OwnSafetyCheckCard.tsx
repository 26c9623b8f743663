import { FormEvent, useId, useRef, useState } from 'react';
import type { MySafetyCheck } from '../api/responses-api';
import { useConsole, useTranslation } from '../app/console-context';
import { answerInWords, answerProblemsOf, answersBody, valuesOf } from '../answers/answer-form';
import { QuestionFields } from '../answers/QuestionFields';
import { useFocusOnFirstRefusedField } from '../components/use-focus-on-first-refused-field';
import { ErrorNotice } from '../components/ErrorNotice';
import { ProblemList } from '../components/ProblemList';
import { ownAnswerRefusalKey } from './own-safety-check';
import { useOwnSafetyChecks } from './own-safety-checks-context';

/** One safety check that asked the signed-in person: what it says, their answer so far, and the form to give or change it. */
export function OwnSafetyCheckCard({ check }: { check: MySafetyCheck }) {
  const { t, language } = useTranslation();
  const headingId = useId();
  const timeOf = (iso: string) => new Date(iso).toLocaleString(language);
  return (
    <section className="card own-safety-check" aria-labelledby={headingId} data-testid="own-safety-check">
      <h2 id={headingId}>
        {t('ownSafetyCheck.heading', { title: check.title })} {check.drill && <span className="badge">{t('ownSafetyCheck.drill')}</span>}
      </h2>
      <p className="own-safety-check-message">{check.message}</p>
      <p className="hint">{t('ownSafetyCheck.closesAt', { time: timeOf(check.closesAt) })}</p>
      <CurrentAnswer check={check} />
      <OwnAnswerForm check={check} />
    </section>
  );
}

/** The answer that counts now, in words (choices by their label in the console's language), or that there is none yet. */
function CurrentAnswer({ check }: { check: MySafetyCheck }) {
  const { t, language } = useTranslation();
  if (!check.answer) return <p data-testid="own-answer">{t('ownSafetyCheck.notAnswered')}</p>;
  return (
    <div data-testid="own-answer">
      <p>
        <strong>{t('ownSafetyCheck.yourAnswer', { time: new Date(check.answer.answeredAt).toLocaleString(language) })}</strong>
      </p>
      <dl className="own-answer">
        {answerInWords(check.questions, check.answer.answers, language).map(({ questionId, question, answer }) => (
          <div key={questionId}>
            <dt>{question}</dt>
            <dd>{answer}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** Prefilled with the current answer; saving replaces it (the latest answer counts, as on the answer page). */
function OwnAnswerForm({ check }: { check: MySafetyCheck }) {
  const { api } = useConsole();
  const { t, language } = useTranslation();
  const { answered } = useOwnSafetyChecks();
  const [values, setValues] = useState(() => valuesOf(check.questions, check.answer?.answers));
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<string>();
  const [error, setError] = useState<unknown>();
  const form = useRef<HTMLFormElement>(null);
  const { byQuestion, elsewhere } = answerProblemsOf(error, check.questions, language);
  const refusal = ownAnswerRefusalKey(error);
  useFocusOnFirstRefusedField(form, error);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    setError(undefined);
    setSavedAt(undefined);
    setSaving(true);
    try {
      const saved = await api.responses.answerMySafetyCheck(check.alertId, answersBody(check.questions, values));
      setSavedAt(saved.answeredAt);
      answered(check.alertId, saved);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const answer = (questionId: string, value: string) => setValues((current) => ({ ...current, [questionId]: value }));
  // The button keeps its place (and the keyboard focus) from the first answer to every change.
  return (
    <form ref={form} onSubmit={save} noValidate>
      <QuestionFields questions={check.questions} values={values} errors={byQuestion} onChange={answer} />
      {refusal ? (
        <p className="notice notice-error" role="alert">
          {t(refusal)}
        </p>
      ) : (
        <ErrorNotice error={error} />
      )}
      <ProblemList problems={elsewhere} />
      <p role="status" className={savedAt ? 'notice notice-ok' : undefined}>
        {savedAt && t('ownSafetyCheck.saved', { time: new Date(savedAt).toLocaleString(language) })}
      </p>
      <button type="submit" className="primary" aria-busy={saving}>
        {saving ? t('ownSafetyCheck.saving') : t(check.answer ? 'ownSafetyCheck.change' : 'ownSafetyCheck.save')}
      </button>
    </form>
  );
}
