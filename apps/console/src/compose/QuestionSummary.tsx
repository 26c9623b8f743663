import { useEffect, useState } from 'react';
import type { Question } from '../api/dispatch-api';
import { useConsole, useTranslation } from '../app/console-context';
import { labelIn } from '../settings/question-set-editing';

/**
 * What the alert being written will ask: the company's question set (an alert from this form
 * names no questions of its own), in the console's language, to read; owners and admins get a
 * link to change it in Settings.
 */
export function QuestionSummary() {
  const { api, navigate, principal, language } = useConsole();
  const { t } = useTranslation();
  const [questions, setQuestions] = useState<Question[]>();
  const [failed, setFailed] = useState(false);
  const canChange = principal?.role === 'owner' || principal?.role === 'admin';

  useEffect(() => {
    api.dispatch.questionSet().then(
      (view) => setQuestions(view.questions),
      () => setFailed(true),
    );
  }, [api]);

  return (
    <section aria-labelledby="compose-questions-heading">
      <h2 id="compose-questions-heading">{t('compose.questions')}</h2>
      {questions ? (
        <ol data-testid="compose-questions">
          {questions.map((question) => (
            <li key={question.id}>
              {labelIn(question.label, language)}
              {question.required ? t('answers.requiredMark') : ''}
            </li>
          ))}
        </ol>
      ) : (
        <p className="hint">{t(failed ? 'compose.questionsUnavailable' : 'common.loading')}</p>
      )}
      {canChange && (
        <p>
          <a href="/settings" onClick={(event) => (event.preventDefault(), navigate('/settings'))}>
            {t('compose.questionsChange')}
          </a>
        </p>
      )}
    </section>
  );
}
