/** The question set as it arrives in `alert.created` (see libs/contracts alert-events). */
export type LocalisedText = { ja: string; en: string };

export type Question =
  | { id: string; kind: 'choice'; label: LocalisedText; required: boolean; choices: { id: string; label: LocalisedText }[] }
  | { id: string; kind: 'text'; label: LocalisedText; required: boolean; maxLength: number };

export type Language = 'ja' | 'en';

/** A choice by its label in the language asked for; free text as typed. */
export function displayAnswer(question: Question, value: string, language: Language): string {
  return question.kind === 'choice' ? (question.choices.find((choice) => choice.id === value)?.label[language] ?? value) : value;
}
