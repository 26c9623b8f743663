import type { Question } from '../api/dispatch-api';
import { useTranslation } from '../app/console-context';

/** Counts per choice of every choice question, with a bar each (text answers are not counted). */
export function AnswerBreakdown({ questions, answers, responded }: { questions: Question[]; answers: Record<string, Record<string, number>>; responded: number }) {
  const { language } = useTranslation();
  return (
    <>
      {questions
        .filter((question) => question.kind === 'choice')
        .map((question) => (
          <table key={question.id} className="breakdown">
            <caption>{question.label[language]}</caption>
            <tbody>
              {(question.choices ?? []).map((choice) => {
                const count = answers[question.id]?.[choice.id] ?? 0;
                const share = responded > 0 ? count / responded : 0;
                return (
                  <tr key={choice.id}>
                    <th scope="row">{choice.label[language]}</th>
                    <td className="number" data-testid={`answer-${question.id}-${choice.id}`}>
                      {count.toLocaleString(language)}
                    </td>
                    <td className="bar-cell" aria-hidden="true">
                      <span className={`bar bar-${choice.id}`} style={{ width: `${Math.round(share * 100)}%` }} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ))}
    </>
  );
}
