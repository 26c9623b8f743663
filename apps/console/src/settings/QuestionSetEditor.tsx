import { FormEvent, useEffect, useRef, useState } from 'react';
import { useFocusOnFirstRefusedField } from '../components/use-focus-on-first-refused-field';
import type { Question, QuestionSetView } from '../api/dispatch-api';
import { useConsole, useTranslation } from '../app/console-context';
import { ConfirmedAction } from '../components/ConfirmedAction';
import { ErrorNotice } from '../components/ErrorNotice';
import { ProblemList } from '../components/ProblemList';
import { QuestionEditor, QuestionMove } from './QuestionEditor';
import { QuestionSetList } from './QuestionSetList';
import {
  canAddQuestion,
  canRemoveQuestion,
  focusAfterMove,
  isEdited,
  moveQuestion,
  newChoiceQuestion,
  newTextQuestion,
  questionSetLimits,
  questionSetProblems,
  questionsToSave,
  removeQuestion,
  replaceQuestion,
  withNewChoice,
  withoutChoice,
} from './question-set-editing';

/** The control named by the service's path for it (`questions.2.label.ja`). */
const named = (name: string) => `[name="${name}"]`;

/**
 * The questions the company's safety checks ask (issue 5 §1), in Settings: owners and admins
 * edit them (add, label in both languages, add and remove choices, move, remove), save them as a
 * whole and return to Anpi's defaults; department admins read them. Alerts already sent keep
 * their questions. The service judges the set; its word on a field (`questions.3.label.en`)
 * shows at that field, on a question or its choices at that group.
 */
export function QuestionSetEditor({ canEdit }: { canEdit: boolean }) {
  const { api, language } = useConsole();
  const { t } = useTranslation();
  const [view, setView] = useState<QuestionSetView>();
  const [questions, setQuestions] = useState<Question[]>([]);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<unknown>();
  const form = useRef<HTMLFormElement>(null);
  // Where the keyboard goes once the change is on screen (a CSS selector inside the form).
  const pendingFocus = useRef<string | undefined>(undefined);

  useEffect(() => {
    api.dispatch.questionSet().then(loaded, setError);
  }, [api]);

  // After a refusal, the keyboard lands on the first field (or question) to fix.
  useFocusOnFirstRefusedField(form, error);

  useEffect(() => {
    const selector = pendingFocus.current;
    if (!selector) return;
    pendingFocus.current = undefined;
    form.current?.querySelector<HTMLElement>(selector)?.focus();
  });

  function loaded(next: QuestionSetView) {
    setView(next);
    setQuestions(next.questions);
  }

  if (!view || !canEdit) {
    return (
      <section aria-labelledby="questions-heading">
        <h2 id="questions-heading">{t('settings.questions')}</h2>
        {view ? (
          <>
            <p className="hint">{t('questions.readOnly')}</p>
            <QuestionSetList questions={view.questions} />
          </>
        ) : error ? (
          <ErrorNotice error={error} />
        ) : (
          <p role="status">{t('common.loading')}</p>
        )}
      </section>
    );
  }

  /**
   * A change of the set's shape: what happened said to screen readers, the keyboard moved to
   * `focus`. A refusal's problems name places by number, which no longer hold: they go.
   */
  function reshape(next: Question[], said: string, focus: string) {
    setQuestions(next);
    setError(undefined);
    setNotice(undefined);
    setAnnouncement(said);
    pendingFocus.current = focus;
  }

  function add(kind: 'choice' | 'text') {
    if (!canAddQuestion(questions)) return;
    const question = kind === 'choice' ? newChoiceQuestion(questions) : newTextQuestion(questions);
    reshape([...questions, question], t('questions.added', { number: questions.length + 1 }), named(`questions.${questions.length}.label.ja`));
  }

  function remove(index: number) {
    const next = removeQuestion(questions, index);
    reshape(next, t('questions.removed', { number: index + 1 }), next.length > 0 ? named(`questions.${Math.min(index, next.length - 1)}.label.ja`) : '[data-focus=add-choice-question]');
  }

  function move(index: number, direction: QuestionMove) {
    const by = direction === 'up' ? -1 : 1;
    const focus = focusAfterMove(index, by, questions.length);
    reshape(moveQuestion(questions, index, by), t('questions.moved', { from: index + 1, to: index + by + 1 }), `[data-focus=${focus.direction}-${focus.index}]`);
  }

  function addChoice(index: number) {
    const question = withNewChoice(questions[index]);
    const choiceCount = question.choices?.length ?? 0;
    reshape(replaceQuestion(questions, index, question), t('questions.choiceAdded', { number: index + 1, choice: choiceCount }), named(`questions.${index}.choices.${choiceCount - 1}.label.ja`));
  }

  function removeChoice(index: number, choiceIndex: number) {
    const question = withoutChoice(questions[index], choiceIndex);
    const focusOn = Math.min(choiceIndex, (question.choices?.length ?? 1) - 1);
    reshape(replaceQuestion(questions, index, question), t('questions.choiceRemoved', { number: index + 1, choice: choiceIndex + 1 }), named(`questions.${index}.choices.${focusOn}.label.ja`));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    setNotice(undefined);
    setError(undefined);
    try {
      loaded(await api.dispatch.saveQuestionSet(questionsToSave(questions)));
      setNotice(t('questions.saved'));
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  async function reset() {
    loaded(await api.dispatch.resetQuestionSet());
    setNotice(t('questions.resetDone'));
    // The button that asked is gone with the company's own set: the keyboard goes to the section.
    pendingFocus.current = '#questions-heading';
  }

  const { byPlace: problems, elsewhere } = questionSetProblems(error, questions, language);
  const hasProblems = Object.keys(problems).length > 0 || elsewhere.length > 0;
  return (
    <form ref={form} onSubmit={save} aria-labelledby="questions-heading" noValidate>
      <h2 id="questions-heading" tabIndex={-1}>
        {t('settings.questions')}
      </h2>
      <p className="hint">{t('questions.intro')}</p>
      <p className="hint">{t('questions.alreadySent')}</p>
      <p className="hint" data-testid="question-set-status">
        {t(view.own ? 'questions.own' : 'questions.defaults')}
        {isEdited(questions, view.questions) && ` — ${t('questions.unsaved')}`}
      </p>
      {questions.map((question, index) => (
        <QuestionEditor
          key={question.id}
          question={question}
          index={index}
          count={questions.length}
          canRemove={canRemoveQuestion(questions)}
          problems={problems}
          onChange={(changed) => setQuestions((current) => replaceQuestion(current, index, changed))}
          onMove={(direction) => move(index, direction)}
          onRemove={() => remove(index)}
          onAddChoice={() => addChoice(index)}
          onRemoveChoice={(choiceIndex) => removeChoice(index, choiceIndex)}
        />
      ))}
      <p className="hint">{t('questions.limits', { questions: questionSetLimits.questions, minimum: questionSetLimits.minChoices, maximum: questionSetLimits.maxChoices })}</p>
      <div className="row">
        <button type="button" data-focus="add-choice-question" onClick={() => add('choice')} disabled={!canAddQuestion(questions)}>
          {t('questions.addChoiceQuestion')}
        </button>
        <button type="button" onClick={() => add('text')} disabled={!canAddQuestion(questions)}>
          {t('questions.addTextQuestion')}
        </button>
      </div>
      {problems.questions && <p className="field-error">{problems.questions}</p>}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {hasProblems ? (
        <div className="notice notice-error" role="alert">
          <p>{t('questions.fixFields')}</p>
          <ProblemList problems={elsewhere} />
        </div>
      ) : (
        <ErrorNotice error={error} />
      )}
      {notice && (
        <p className="notice notice-ok" role="status">
          {notice}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={saving} aria-busy={saving}>
          {saving ? t('questions.saving') : t('questions.save')}
        </button>
      </div>
      {view.own && (
        <ConfirmedAction
          label={t('questions.reset')}
          explanation={<p>{t('questions.resetConfirm')}</p>}
          confirmLabel={t('questions.resetConfirmed')}
          cancelLabel={t('questions.resetCancel')}
          action={reset}
          onStart={() => (setNotice(undefined), setError(undefined), setAnnouncement(''))}
        />
      )}
    </form>
  );
}
