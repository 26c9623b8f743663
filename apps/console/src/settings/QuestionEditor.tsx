import { ReactNode, useId } from 'react';
import type { LocalisedText, Question } from '../api/dispatch-api';
import { useTranslation } from '../app/console-context';
import { Field } from '../components/Field';
import { canAddChoice, canRemoveChoice, choicePath, choicesPath, questionPath, questionSetLimits, withChoiceLabel, withLabel } from './question-set-editing';

export type QuestionMove = 'up' | 'down';

export interface QuestionEditorProps {
  question: Question;
  index: number;
  count: number;
  canRemove: boolean;
  /** The service's word on this question's places, by path (`questions.3.label.en`). */
  problems: Record<string, string>;
  onChange: (question: Question) => void;
  onMove: (move: QuestionMove) => void;
  onRemove: () => void;
  onAddChoice: () => void;
  onRemoveChoice: (choiceIndex: number) => void;
}

/**
 * One question of the set as a fieldset: its labels in both languages, whether an answer is
 * required, a text question's longest answer, a choice question's choices; buttons that name the
 * question (「質問 3 を上へ」). Inputs are named by the service's path for them, so its word on a
 * field shows there.
 */
export function QuestionEditor({ question, index, count, canRemove, problems, onChange, onMove, onRemove, onAddChoice, onRemoveChoice }: QuestionEditorProps) {
  const { t } = useTranslation();
  const number = index + 1;
  const path = questionPath(index);
  return (
    <ProblemGroup as="fieldset" problem={problems[path]} className="question-editor" data-question-id={question.id}>
      <legend>{t('questions.legend', { number, kind: t(question.kind === 'choice' ? 'questions.kind.choice' : 'questions.kind.text') })}</legend>
      <div className="row">
        <LabelInputs name={`${path}.label`} label={question.label} labels={{ ja: t('questions.labelJa'), en: t('questions.labelEn') }} problems={problems} onChange={(language, text) => onChange(withLabel(question, language, text))} />
      </div>
      <label className="checkbox">
        <input type="checkbox" name={`${path}.required`} checked={question.required ?? false} onChange={(event) => onChange({ ...question, required: event.target.checked })} />
        {t('questions.required')}
      </label>
      {problems[`${path}.required`] && <p className="field-error">{problems[`${path}.required`]}</p>}
      {question.kind === 'text' ? (
        <Field label={t('questions.maxLength', { maximum: questionSetLimits.maxLength })} error={problems[`${path}.maxLength`]}>
          {(id, describedBy, invalid) => (
            <input
              id={id}
              name={`${path}.maxLength`}
              type="number"
              min={1}
              max={questionSetLimits.maxLength}
              value={question.maxLength ?? ''}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              onChange={(event) => onChange({ ...question, maxLength: event.target.value === '' ? undefined : Number(event.target.value) })}
            />
          )}
        </Field>
      ) : (
        <ChoiceEditor question={question} index={index} problems={problems} onChange={onChange} onAddChoice={onAddChoice} onRemoveChoice={onRemoveChoice} />
      )}
      <div className="row">
        <button type="button" data-focus={`up-${index}`} onClick={() => onMove('up')} disabled={index === 0}>
          {t('questions.moveUp', { number })}
        </button>
        <button type="button" data-focus={`down-${index}`} onClick={() => onMove('down')} disabled={index === count - 1}>
          {t('questions.moveDown', { number })}
        </button>
        <button type="button" onClick={onRemove} disabled={!canRemove}>
          {t('questions.remove', { number })}
        </button>
      </div>
    </ProblemGroup>
  );
}

function ChoiceEditor({ question, index, problems, onChange, onAddChoice, onRemoveChoice }: Pick<QuestionEditorProps, 'question' | 'index' | 'problems' | 'onChange' | 'onAddChoice' | 'onRemoveChoice'>) {
  const { t } = useTranslation();
  const number = index + 1;
  const choices = question.choices ?? [];
  return (
    <ProblemGroup as="fieldset" problem={problems[choicesPath(index)]} className="plain">
      <legend>{t('questions.choices', { number, minimum: questionSetLimits.minChoices, maximum: questionSetLimits.maxChoices })}</legend>
      <ol className="question-choices">
        {choices.map((choice, choiceIndex) => {
          const path = choicePath(index, choiceIndex);
          const choiceNumber = choiceIndex + 1;
          return (
            <ProblemGroup as="li" key={choice.id} problem={problems[path]}>
              <div className="row">
                <LabelInputs
                  name={`${path}.label`}
                  label={choice.label}
                  labels={{ ja: t('questions.choiceJa', { choice: choiceNumber }), en: t('questions.choiceEn', { choice: choiceNumber }) }}
                  problems={problems}
                  onChange={(language, text) => onChange(withChoiceLabel(question, choiceIndex, language, text))}
                />
                <button type="button" onClick={() => onRemoveChoice(choiceIndex)} disabled={!canRemoveChoice(question)}>
                  {t('questions.removeChoice', { number, choice: choiceNumber })}
                </button>
              </div>
            </ProblemGroup>
          );
        })}
      </ol>
      <button type="button" data-focus={`add-choice-${index}`} onClick={onAddChoice} disabled={!canAddChoice(question)}>
        {t('questions.addChoice', { number })}
      </button>
    </ProblemGroup>
  );
}

/** A label's Japanese and English inputs, named `<name>.ja` and `<name>.en` (the service's paths). */
function LabelInputs({ name, label, labels, problems, onChange }: { name: string; label: LocalisedText; labels: LocalisedText; problems: Record<string, string>; onChange: (language: keyof LocalisedText, text: string) => void }) {
  return (
    <>
      {(['ja', 'en'] as const).map((language) => (
        <Field key={language} label={labels[language]} error={problems[`${name}.${language}`]}>
          {(id, describedBy, invalid) => (
            <input
              id={id}
              name={`${name}.${language}`}
              lang={language}
              autoComplete="off"
              value={label[language]}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              onChange={(event) => onChange(language, event.target.value)}
            />
          )}
        </Field>
      ))}
    </>
  );
}

/**
 * A group (a question, its choices, one choice) with the service's word on it where it names no
 * input of its own (a duplicate id, too few choices): said under the group, which is marked
 * invalid and can take the keyboard.
 */
function ProblemGroup({ as: Element, problem, children, ...rest }: { as: 'fieldset' | 'li'; problem?: string; children: ReactNode; className?: string; 'data-question-id'?: string }) {
  const errorId = useId();
  return (
    <Element {...rest} aria-describedby={problem ? errorId : undefined} aria-invalid={problem && Element === 'fieldset' ? true : undefined} tabIndex={problem ? -1 : undefined}>
      {children}
      {problem && (
        <p className="field-error" id={errorId}>
          {problem}
        </p>
      )}
    </Element>
  );
}
