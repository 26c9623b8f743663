import { z } from 'zod';

const localisedText = z.object({ ja: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) }).strict();

const choiceQuestion = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
    kind: z.literal('choice'),
    label: localisedText,
    required: z.boolean().default(false),
    choices: z
      .array(z.object({ id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), label: localisedText }).strict())
      .min(2)
      .max(10)
      // Answers store the choice id: two choices with one id could not be told apart in the results.
      .refine((choices) => new Set(choices.map((choice) => choice.id)).size === choices.length, 'choice ids must be unique within a question'),
  })
  .strict();

const textQuestion = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
    kind: z.literal('text'),
    label: localisedText,
    required: z.boolean().default(false),
    maxLength: z.number().int().min(1).max(1000).default(500),
  })
  .strict();

export const questionSchema = z.discriminatedUnion('kind', [choiceQuestion, textQuestion]);

export const questionSetSchema = z
  .array(questionSchema)
  .min(1)
  .max(20)
  .refine((questions) => new Set(questions.map((question) => question.id)).size === questions.length, 'question ids must be unique');

export type Question = z.infer<typeof questionSchema>;
export type QuestionSet = z.infer<typeof questionSetSchema>;

const choice = (id: string, ja: string, en: string) => ({ id, label: { ja, en } });

/**
 * The questions a safety check asks unless the tenant says otherwise: the ones crisis teams
 * act on first (safety, whether the person can work), then context.
 */
export const defaultQuestionSet: QuestionSet = [
  {
    id: 'safety',
    kind: 'choice',
    label: { ja: 'あなたの安否', en: 'Are you safe?' },
    required: true,
    choices: [choice('safe', '無事', 'Safe'), choice('minor_injury', '軽傷', 'Minor injury'), choice('serious_injury', '重傷', 'Serious injury')],
  },
  {
    id: 'can_work',
    kind: 'choice',
    label: { ja: '出社・業務は可能ですか', en: 'Can you report to work?' },
    required: false,
    choices: [choice('yes', '可能', 'Yes'), choice('later', '後日可能', 'Later'), choice('no', '不可能', 'No')],
  },
  { id: 'location', kind: 'text', label: { ja: '現在地', en: 'Where are you now?' }, required: false, maxLength: 200 },
  {
    id: 'family',
    kind: 'choice',
    label: { ja: '家族の状況', en: 'Family status' },
    required: false,
    choices: [choice('all_safe', '全員無事', 'All safe'), choice('some_injured', '負傷者あり', 'Someone injured'), choice('unknown', '確認中', 'Not known yet')],
  },
  { id: 'comment', kind: 'text', label: { ja: 'コメント', en: 'Comment' }, required: false, maxLength: 500 },
];
