import { useId } from 'react';
import type { Question } from '../api/dispatch-api';
import { useTranslation } from '../app/console-context';
import { Field } from '../components/Field';
import { AnswerValues, isLongText } from './answer-form';

/**
 * An alert's questions as form fields, whoever answers them (the person, or the crisis team on
 * their behalf): a radio group per choice question, a box per text question, the service's word
 * on a question (`errors`) shown at it.
 */
export function QuestionFields({ questions, values, errors, onChange }: { questions: Question[]; values: AnswerValues; errors: Record<string, string>; onChange: (questionId: string, value: string) => void }) {
  return (
    <>
      {questions.map((question) => {
        const QuestionField = question.kind === 'choice' ? ChoiceQuestion : TextQuestion;
        return <QuestionField key={question.id} question={question} value={values[question.id] ?? ''} error={errors[question.id]} onChange={(value) => onChange(question.id, value)} />;
      })}
    </>
  );
}

interface QuestionProps {
  question: Question;
  value: string;
  error?: string;
  onChange: (value: string) => void;
}

function useQuestionLabel(question: Question): string {
  const { t, language } = useTranslation();
  return question.label[language] + (question.required ? t('answers.requiredMark') : '');
}

/** A radio group; an optional question also offers "no answer", as a chosen radio cannot be unticked. */
function ChoiceQuestion({ question, value, error, onChange }: QuestionProps) {
  const { t, language } = useTranslation();
  const label = useQuestionLabel(question);
  const errorId = useId();
  const choices = [...(question.required ? [] : [{ id: '', text: t('answers.noAnswer') }]), ...(question.choices ?? []).map((choice) => ({ id: choice.id, text: choice.label[language] }))];
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

function TextQuestion({ question, value, error, onChange }: QuestionProps) {
  const label = useQuestionLabel(question);
  return (
    <Field label={label} error={error}>
      {(id, describedBy, invalid) => {
        // What the person said, not the signed-in user's own details: no autofill.
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
