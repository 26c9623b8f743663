import type { LocalisedText, Question } from '../api/dispatch-api';
import { fieldErrorsOf } from '../api/field-problem-text';
import { movedOnePlace } from '../components/list-order';
import type { Language } from '../i18n/messages';

/** alert-dispatch-service's rules for a question set (the service is the judge; the editor only keeps within them). */
export const questionSetLimits = { questions: 20, minChoices: 2, maxChoices: 10, labelCharacters: 200, maxLength: 1000 } as const;

/** A text question's answer length as first offered. */
export const defaultTextMaxLength = 500;

const idPattern = /^[a-z][a-z0-9_]{0,39}$/;

/** A few base36 characters: enough that two ids made in one editing session practically never meet. */
export const randomBase36 = () => Math.random().toString(36).slice(2, 10);

/**
 * A new id the service accepts (`^[a-z][a-z0-9_]{0,39}$`): `prefix` and random base36, never one
 * of `taken`. Existing ids are never regenerated, so answers to a kept question stay comparable.
 */
export function newId(prefix: 'q' | 'c', taken: Iterable<string>, random: () => string = randomBase36): string {
  const used = new Set(taken);
  for (;;) {
    const id = `${prefix}_${random().toLowerCase().replace(/[^a-z0-9]/g, '')}`.slice(0, 40);
    if (idPattern.test(id) && id.length > 2 && !used.has(id)) return id;
  }
}

const emptyLabel = (): LocalisedText => ({ ja: '', en: '' });

function newChoice(taken: Iterable<string>, random?: () => string) {
  return { id: newId('c', taken, random), label: emptyLabel() };
}

/** A choice question with the two choices it needs at least, its labels to be written. */
export function newChoiceQuestion(questions: readonly Question[], random?: () => string): Question {
  const first = newChoice([], random);
  return { id: newId('q', questionIds(questions), random), kind: 'choice', label: emptyLabel(), required: true, choices: [first, newChoice([first.id], random)] };
}

export function newTextQuestion(questions: readonly Question[], random?: () => string): Question {
  return { id: newId('q', questionIds(questions), random), kind: 'text', label: emptyLabel(), required: false, maxLength: defaultTextMaxLength };
}

const questionIds = (questions: readonly Question[]) => questions.map((question) => question.id);

export function canAddQuestion(questions: readonly Question[]): boolean {
  return questions.length < questionSetLimits.questions;
}

export function canRemoveQuestion(questions: readonly Question[]): boolean {
  return questions.length > 1;
}

export function canAddChoice(question: Question): boolean {
  return (question.choices?.length ?? 0) < questionSetLimits.maxChoices;
}

export function canRemoveChoice(question: Question): boolean {
  return (question.choices?.length ?? 0) > questionSetLimits.minChoices;
}

export function replaceQuestion(questions: readonly Question[], index: number, question: Question): Question[] {
  return questions.map((current, at) => (at === index ? question : current));
}

export function removeQuestion(questions: readonly Question[], index: number): Question[] {
  return questions.filter((_, at) => at !== index);
}

/** The question at `index` one place up (-1) or down (+1); the list as it was at either end. */
export function moveQuestion(questions: readonly Question[], index: number, by: -1 | 1): Question[] {
  return [...movedOnePlace(questions, index, by)];
}

export function withLabel(question: Question, language: keyof LocalisedText, text: string): Question {
  return { ...question, label: { ...question.label, [language]: text } };
}

export function withChoiceLabel(question: Question, choiceIndex: number, language: keyof LocalisedText, text: string): Question {
  return { ...question, choices: (question.choices ?? []).map((choice, at) => (at === choiceIndex ? { ...choice, label: { ...choice.label, [language]: text } } : choice)) };
}

export function withNewChoice(question: Question, random?: () => string): Question {
  const choices = question.choices ?? [];
  return { ...question, choices: [...choices, newChoice(choices.map((choice) => choice.id), random)] };
}

export function withoutChoice(question: Question, choiceIndex: number): Question {
  return { ...question, choices: (question.choices ?? []).filter((_, at) => at !== choiceIndex) };
}

/**
 * The PUT body's questions: per kind only the fields the service takes (a choice question's
 * choices, a text question's longest answer), `required` always stated. Labels as written: the
 * service says which ones it cannot take.
 */
export function questionsToSave(questions: readonly Question[]): Question[] {
  return questions.map(({ id, kind, label, required, choices, maxLength }) =>
    kind === 'choice'
      ? { id, kind, label: { ja: label.ja, en: label.en }, required: required ?? false, choices: (choices ?? []).map((choice) => ({ id: choice.id, label: { ja: choice.label.ja, en: choice.label.en } })) }
      : { id, kind, label: { ja: label.ja, en: label.en }, required: required ?? false, maxLength: maxLength ?? defaultTextMaxLength },
  );
}

export function isEdited(questions: readonly Question[], saved: readonly Question[]): boolean {
  return JSON.stringify(questionsToSave(questions)) !== JSON.stringify(questionsToSave(saved));
}

/** Where a field or group of the editor sits, by the service's path for it (`questions.3.label.en`). */
export const questionPath = (index: number) => `questions.${index}`;
export const choicesPath = (index: number) => `${questionPath(index)}.choices`;
export const choicePath = (index: number, choiceIndex: number) => `${choicesPath(index)}.${choiceIndex}`;

/**
 * Every place of the editor a problem can be shown at: the set as a whole (`questions`), each
 * question (its fieldset), its inputs, a choice question's list of choices and each choice's labels.
 */
export function problemPlaces(questions: readonly Question[]): Set<string> {
  const places = new Set(['questions']);
  questions.forEach((question, index) => {
    const path = questionPath(index);
    for (const place of [path, `${path}.label.ja`, `${path}.label.en`, `${path}.required`]) places.add(place);
    if (question.kind === 'choice') {
      places.add(choicesPath(index));
      (question.choices ?? []).forEach((_, choiceIndex) => {
        const choice = choicePath(index, choiceIndex);
        for (const place of [choice, `${choice}.label.ja`, `${choice}.label.en`]) places.add(place);
      });
    } else {
      places.add(`${path}.maxLength`);
    }
  });
  return places;
}

/** The service's problems on the editor: by the place they show at, and those that belong nowhere on it. */
export interface PlacedProblems {
  byPlace: Record<string, string>;
  /** `[path, message]` of problems outside every place (an unknown field at the top), for a list under the form. */
  elsewhere: [path: string, message: string][];
}

/**
 * The service's problems by the place of the editor they show at: a path the editor has an input
 * for at that input; any other at the nearest group above it (a question's id, which is not
 * edited here, at its question; `questions.3.choices.1.label` at that choice).
 */
export function placedProblems(fieldErrors: Record<string, string>, places: ReadonlySet<string>): PlacedProblems {
  const byPlace: Record<string, string> = {};
  const elsewhere: [string, string][] = [];
  for (const [path, message] of Object.entries(fieldErrors)) {
    const place = nearestPlace(path, places);
    if (place === undefined) elsewhere.push([path, message]);
    else byPlace[place] = byPlace[place] ? `${byPlace[place]} / ${message}` : message;
  }
  return { byPlace, elsewhere };
}

function nearestPlace(path: string, places: ReadonlySet<string>): string | undefined {
  const segments = path.split('.');
  for (let length = segments.length; length > 0; length -= 1) {
    const candidate = segments.slice(0, length).join('.');
    if (places.has(candidate)) return candidate;
  }
  return undefined;
}

/** The refusal's problems in the console's language, placed on the editor as it stands. */
export function questionSetProblems(error: unknown, questions: readonly Question[], language: Language): PlacedProblems {
  return placedProblems(fieldErrorsOf(error, language), problemPlaces(questions));
}

/**
 * After moving the question at `index` by `by`: the button to give the keyboard, the same move
 * at the question's new place, or the other move where that one is no longer possible (at the top
 * "up" is disabled).
 */
export function focusAfterMove(index: number, by: -1 | 1, count: number): { index: number; direction: 'up' | 'down' } {
  const to = Math.max(0, Math.min(count - 1, index + by));
  const direction = by === -1 ? 'up' : 'down';
  if (direction === 'up' && to === 0) return { index: to, direction: 'down' };
  if (direction === 'down' && to === count - 1) return { index: to, direction: 'up' };
  return { index: to, direction };
}

/** A question's label in the console's language, the other language's where that one is empty. */
export function labelIn(label: LocalisedText, language: Language): string {
  return label[language] || label[language === 'ja' ? 'en' : 'ja'];
}
