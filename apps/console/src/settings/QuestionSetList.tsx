import type { Question } from '../api/dispatch-api';
import { useTranslation } from '../app/console-context';

/** The question set as it stands, to read (department admins): each question in both languages, its kind, and its choices. */
export function QuestionSetList({ questions }: { questions: readonly Question[] }) {
  const { t, language } = useTranslation();
  const detailsOf = (question: Question) => [
    t(question.kind === 'choice' ? 'questions.kind.choice' : 'questions.kind.text'),
    t(question.required ? 'questions.requiredMark' : 'questions.optionalMark'),
    ...(question.kind === 'text' && question.maxLength !== undefined ? [t('questions.maxLengthShown', { maximum: question.maxLength })] : []),
  ];
  return (
    <ol className="question-set" data-testid="question-set-list">
      {questions.map((question) => (
        <li key={question.id}>
          <span lang="ja">{question.label.ja}</span> / <span lang="en">{question.label.en}</span>{' '}
          <span className="hint">{t('questions.details', { details: detailsOf(question).join(language === 'ja' ? '、' : ', ') })}</span>
          {question.kind === 'choice' && (
            <ul>
              {(question.choices ?? []).map((choice) => (
                <li key={choice.id}>
                  <span lang="ja">{choice.label.ja}</span> / <span lang="en">{choice.label.en}</span>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
