import { FieldProblem } from '@anpi/service-bootstrap';
import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import type { AnswerProblem, RecordedAnswer } from './record-answer.use-case';

/**
 * What the console sends to record an answer, whoever it is for (someone on the phone, or the
 * signed-in person themselves): question id → choice id or text. The question set itself is
 * checked by RecordAnswer; this only bounds what is read at all.
 */
export const consoleAnswerBodySchema = z.object({ answers: z.record(z.string().min(1).max(64), z.string().max(4_000)) }).strict();

export type ConsoleAnswerBody = z.infer<typeof consoleAnswerBodySchema>;

/** Why a recorded problem refuses the answer, in the words of the API (the page has its own), and the rule a client can translate. */
const problemDetails: Record<AnswerProblem['problem'], Omit<FieldProblem, 'path'>> = {
  required: { message: 'an answer is required', rule: 'required' },
  'not-a-choice': { message: 'not one of the choices', rule: 'one-of' },
  'too-long': { message: 'too long' },
  'unknown-question': { message: 'no such question in this safety check' },
  repeated: { message: 'answered twice' },
};

/** The 400 for answers that do not fit the question set: one `details` entry per question, at `answers.<question id>`. */
export function answersDoNotFit(problems: readonly AnswerProblem[]): BadRequestException {
  return new BadRequestException({
    message: 'the answers do not fit this safety check',
    details: problems.map(({ questionId, problem }) => ({ path: `answers.${questionId}`, ...problemDetails[problem] })),
  });
}

/** A recorded answer as the console API shows it. */
export interface AnswerView {
  answers: Record<string, string>;
  revision: number;
  firstAnsweredAt: string;
  answeredAt: string;
}

export function answerView(recorded: RecordedAnswer): AnswerView {
  return { answers: recorded.answers, revision: recorded.revision, firstAnsweredAt: recorded.firstAnsweredAt.toISOString(), answeredAt: recorded.answeredAt.toISOString() };
}
