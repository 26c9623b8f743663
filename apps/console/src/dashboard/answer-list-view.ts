import type { Question } from '../api/dispatch-api';
import type { AnswerFilter } from '../api/responses-api';
import type { Language } from '../i18n/messages';

/** One choice of the answer list's filter: the people whose answer to a question is one of some choices. */
export interface AnswerFilterOption {
  /** Stable within the question set, for the select's value. */
  key: string;
  label: string;
  filter: Pick<AnswerFilter, 'question' | 'choices'>;
}

/**
 * What the crisis team can list: first, everyone who gave the first choice question any answer
 * but its first ("safe"): the people who may need help; then each single choice of every choice
 * question (who cannot come to work, whose family is hurt…). `otherThan` words the first option.
 */
export function answerFilterOptions(questions: readonly Question[], language: Language, otherThan: (question: string, choice: string) => string): AnswerFilterOption[] {
  const choiceQuestions = questions.filter((question) => question.kind === 'choice' && (question.choices?.length ?? 0) > 0);
  const options: AnswerFilterOption[] = [];
  const [first] = choiceQuestions;
  if (first && first.choices!.length > 1) {
    const [usual, ...others] = first.choices!;
    options.push({ key: `${first.id}:not:${usual.id}`, label: otherThan(first.label[language], usual.label[language]), filter: { question: first.id, choices: others.map((choice) => choice.id) } });
  }
  for (const question of choiceQuestions) {
    for (const choice of question.choices!) {
      options.push({ key: `${question.id}:${choice.id}`, label: `${question.label[language]}: ${choice.label[language]}`, filter: { question: question.id, choices: [choice.id] } });
    }
  }
  return options;
}

/** The person's answers to the choice questions, in the alert's order, as words ("重傷 / 不可能"). */
export function choicesInWords(questions: readonly Question[], answers: Readonly<Record<string, string>>, language: Language): string {
  return questions
    .filter((question) => question.kind === 'choice' && answers[question.id])
    .map((question) => question.choices?.find((choice) => choice.id === answers[question.id])?.label[language] ?? answers[question.id])
    .join(' / ');
}

/** What they wrote (where they are, a comment), in the alert's order: what the crisis team reads before calling. */
export function writtenAnswers(questions: readonly Question[], answers: Readonly<Record<string, string>>): string {
  return questions
    .filter((question) => question.kind === 'text' && (answers[question.id] ?? '').trim() !== '')
    .map((question) => answers[question.id].trim())
    .join(' / ');
}
