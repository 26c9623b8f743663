import { ApiError } from '../api/api-error';
import type { Question } from '../api/dispatch-api';
import {
  canAddChoice,
  canAddQuestion,
  canRemoveChoice,
  canRemoveQuestion,
  focusAfterMove,
  isEdited,
  labelIn,
  moveQuestion,
  newChoiceQuestion,
  newId,
  newTextQuestion,
  placedProblems,
  problemPlaces,
  questionSetProblems,
  questionsToSave,
  removeQuestion,
  withChoiceLabel,
  withLabel,
  withNewChoice,
  withoutChoice,
} from './question-set-editing';

const idPattern = /^[a-z][a-z0-9_]{0,39}$/;

const safety: Question = {
  id: 'safety',
  kind: 'choice',
  label: { ja: 'あなたの状況', en: 'Your status' },
  required: true,
  choices: [
    { id: 'safe', label: { ja: '無事', en: 'Safe' } },
    { id: 'injured', label: { ja: '負傷', en: 'Injured' } },
  ],
};
const comment: Question = { id: 'comment', kind: 'text', label: { ja: 'コメント', en: 'Comment' }, required: false, maxLength: 500 };

/** Random strings in turn, so generated ids are known. */
const randoms = (...values: string[]) => {
  let next = 0;
  return () => values[next++ % values.length];
};

describe('newId', () => {
  it('makes ids the service accepts, with the prefix, never one already taken', () => {
    expect(newId('q', ['q_abc'], randoms('abc', 'def'))).toBe('q_def');
    expect(newId('c', [], randoms('Z9-x'))).toBe('c_z9x');
    for (let made = 0; made < 200; made += 1) expect(newId('q', [])).toMatch(idPattern);
  });

  it('keeps ids within 40 characters and skips a random string with nothing usable', () => {
    expect(newId('q', [], randoms('', 'a'.repeat(60)))).toBe(`q_${'a'.repeat(38)}`);
  });
});

describe('new questions', () => {
  it('a choice question comes with the two choices it needs, distinct ids, labels to write', () => {
    const question = newChoiceQuestion([safety], randoms('aa', 'bb', 'cc'));
    expect(question).toEqual({
      id: 'q_bb',
      kind: 'choice',
      label: { ja: '', en: '' },
      required: true,
      choices: [
        { id: 'c_aa', label: { ja: '', en: '' } },
        { id: 'c_cc', label: { ja: '', en: '' } },
      ],
    });
  });

  it('a text question has a longest answer within the rules and an id not used by the set', () => {
    const question = newTextQuestion([{ ...comment, id: 'q_x' }], randoms('x', 'y'));
    expect(question).toMatchObject({ id: 'q_y', kind: 'text', maxLength: 500, required: false });
  });
});

describe('editing the set', () => {
  const third: Question = { ...comment, id: 'third' };

  it('moves a question up or down, and leaves the list as it was at either end', () => {
    expect(moveQuestion([safety, comment, third], 2, -1).map((question) => question.id)).toEqual(['safety', 'third', 'comment']);
    expect(moveQuestion([safety, comment, third], 0, 1).map((question) => question.id)).toEqual(['comment', 'safety', 'third']);
    expect(moveQuestion([safety, comment], 0, -1).map((question) => question.id)).toEqual(['safety', 'comment']);
    expect(moveQuestion([safety, comment], 1, 1).map((question) => question.id)).toEqual(['safety', 'comment']);
  });

  it('removes a question, but never the last one', () => {
    expect(removeQuestion([safety, comment, third], 1).map((question) => question.id)).toEqual(['safety', 'third']);
    expect(canRemoveQuestion([safety, comment])).toBe(true);
    expect(canRemoveQuestion([safety])).toBe(false);
  });

  it('adds questions up to 20', () => {
    expect(canAddQuestion(Array.from({ length: 19 }, (_, index) => ({ ...comment, id: `q${index}` })))).toBe(true);
    expect(canAddQuestion(Array.from({ length: 20 }, (_, index) => ({ ...comment, id: `q${index}` })))).toBe(false);
  });

  it('changes labels in one language, keeping the ids', () => {
    expect(withLabel(safety, 'en', 'Are you safe?').label).toEqual({ ja: 'あなたの状況', en: 'Are you safe?' });
    const changed = withChoiceLabel(safety, 1, 'ja', 'けが');
    expect(changed.choices).toEqual([safety.choices![0], { id: 'injured', label: { ja: 'けが', en: 'Injured' } }]);
  });

  it('adds choices with new ids up to 10, and removes them down to 2', () => {
    const three = withNewChoice(safety, randoms('safe', 'new'));
    expect(three.choices!.map((choice) => choice.id)).toEqual(['safe', 'injured', 'c_safe']);
    expect(canRemoveChoice(three)).toBe(true);
    expect(withoutChoice(three, 0).choices!.map((choice) => choice.id)).toEqual(['injured', 'c_safe']);
    expect(canRemoveChoice(safety)).toBe(false);
    let ten = safety;
    for (let added = 0; added < 8; added += 1) ten = withNewChoice(ten);
    expect(new Set(ten.choices!.map((choice) => choice.id)).size).toBe(10);
    expect(canAddChoice(three)).toBe(true);
    expect(canAddChoice(ten)).toBe(false);
  });

  it('gives the keyboard the same move at the new place, or the other one at either end', () => {
    expect(focusAfterMove(2, -1, 4)).toEqual({ index: 1, direction: 'up' });
    expect(focusAfterMove(1, -1, 4)).toEqual({ index: 0, direction: 'down' });
    expect(focusAfterMove(1, 1, 4)).toEqual({ index: 2, direction: 'down' });
    expect(focusAfterMove(2, 1, 4)).toEqual({ index: 3, direction: 'up' });
  });
});

describe('questionsToSave', () => {
  it('sends per kind only the fields the service takes, `required` always stated', () => {
    const loose: Question[] = [
      { ...safety, required: undefined, maxLength: 100 },
      { ...comment, choices: [{ id: 'x', label: { ja: 'x', en: 'x' } }] },
    ];
    expect(questionsToSave(loose)).toEqual([
      { id: 'safety', kind: 'choice', label: safety.label, required: false, choices: safety.choices },
      { id: 'comment', kind: 'text', label: comment.label, required: false, maxLength: 500 },
    ]);
  });

  it('tells an edited set from the saved one', () => {
    expect(isEdited([safety, comment], [safety, comment])).toBe(false);
    expect(isEdited([comment, safety], [safety, comment])).toBe(true);
    expect(isEdited([withLabel(safety, 'ja', '状況')], [safety])).toBe(true);
  });
});

describe('problems at their place', () => {
  const questions = [safety, comment];

  it('knows every input and group of the editor by its path', () => {
    const places = problemPlaces(questions);
    for (const place of ['questions', 'questions.0', 'questions.0.label.en', 'questions.0.choices', 'questions.0.choices.1.label.ja', 'questions.1.maxLength', 'questions.1.required']) {
      expect(places.has(place)).toBe(true);
    }
    expect(places.has('questions.1.choices')).toBe(false);
    expect(places.has('questions.0.maxLength')).toBe(false);
  });

  it('puts a problem at its input, or at the nearest group above it, or else in a list of its own', () => {
    const placed = placedProblems(
      {
        'questions.0.choices.1.label.en': 'too long',
        'questions.1.id': 'duplicate id',
        'questions.1': 'unknown kind',
        'questions.0.choices.1.id': 'bad id',
        'questions.0.choices': 'too few',
        questions: 'too many',
        extra: 'unknown field',
      },
      problemPlaces(questions),
    );
    expect(placed).toEqual({
      byPlace: {
        'questions.0.choices.1.label.en': 'too long',
        'questions.1': 'duplicate id / unknown kind',
        'questions.0.choices.1': 'bad id',
        'questions.0.choices': 'too few',
        questions: 'too many',
      },
      elsewhere: [['extra', 'unknown field']],
    });
  });

  it("says the service's rule in the console's language", () => {
    const refused = new ApiError(400, 'Bad Request', 'invalid', undefined, [
      { path: 'questions.0.label.en', message: 'Too big: expected string to have <=200 characters', rule: 'too-long', maximum: 200 },
      { path: 'questions.1.label.ja', message: 'Too small', rule: 'required' },
    ]);
    const { byPlace } = questionSetProblems(refused, questions, 'ja');
    expect(Object.keys(byPlace)).toEqual(['questions.0.label.en', 'questions.1.label.ja']);
    expect(byPlace['questions.0.label.en']).toContain('200');
    expect(questionSetProblems(new Error('offline'), questions, 'ja')).toEqual({ byPlace: {}, elsewhere: [] });
  });
});

describe('labelIn', () => {
  it("is the console's language, the other one where that is empty", () => {
    expect(labelIn({ ja: '状況', en: 'Status' }, 'en')).toBe('Status');
    expect(labelIn({ ja: '状況', en: '' }, 'en')).toBe('状況');
  });
});
