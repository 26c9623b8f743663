import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { FieldProblem, ZodValidationPipe } from '@anpi/service-bootstrap';
import { BadRequestException, Body, Controller, ForbiddenException, GoneException, Headers, NotFoundException, Param, ParseUUIDPipe, PreconditionFailedException, Put, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import type { AnswerProblem } from '../answer-page/record-answer.use-case';
import { AnswerOnBehalf, AnswerOnBehalfResult } from './answer-on-behalf';

const answerOnBehalfSchema = z.object({ answers: z.record(z.string().min(1).max(64), z.string().max(4_000)) }).strict();

/** Why a recorded problem refuses the answer, in the words of the API (the page has its own), and the rule a client can translate. */
const problemDetails: Record<AnswerProblem['problem'], Omit<FieldProblem, 'path'>> = {
  required: { message: 'an answer is required', rule: 'required' },
  'not-a-choice': { message: 'not one of the choices', rule: 'one-of' },
  'too-long': { message: 'too long' },
  'unknown-question': { message: 'no such question in this safety check' },
  repeated: { message: 'answered twice' },
};

export interface StaffAnswerView {
  alertId: string;
  recipientId: string;
  answers: Record<string, string>;
  revision: number;
  firstAnsweredAt: string;
  answeredAt: string;
  via: 'console';
  recordedBy: string;
}

const refusals: Record<Exclude<AnswerOnBehalfResult['kind'], 'recorded' | 'refused'>, () => Error> = {
  'not-a-recipient': () => new NotFoundException('this safety check did not ask this person'),
  'outside-scope': () => new ForbiddenException('this person is outside your departments'),
  'alert-missing': () => new NotFoundException('alert not found'),
  closed: () => new GoneException('this safety check has closed'),
  'already-answered': () => new PreconditionFailedException('this person has answered meanwhile; their answer was kept'),
};

/**
 * Answers recorded by the crisis team on someone's behalf (代理回答), e.g. after a phone call.
 * `If-None-Match: *` records only if the person has not answered (412 otherwise): what the
 * console sends from its non-responders list, so a caller's word never replaces the person's own.
 */
@Controller('v1/alerts/:alertId/answers')
@UseGuards(AccessTokenGuard)
@Roles('owner', 'admin', 'department_admin')
export class StaffAnswersController {
  constructor(private readonly onBehalf: AnswerOnBehalf) {}

  @Put(':recipientId')
  async record(
    @CurrentPrincipal() principal: Principal,
    @Param('alertId', new ParseUUIDPipe()) alertId: string,
    @Param('recipientId', new ParseUUIDPipe()) recipientId: string,
    @Body(new ZodValidationPipe(answerOnBehalfSchema)) body: z.infer<typeof answerOnBehalfSchema>,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
  ): Promise<StaffAnswerView> {
    const result = await this.onBehalf.record(principal, alertId, recipientId, body.answers, new Date(), { onlyIfUnanswered: ifNoneMatch?.trim() === '*' });
    if (result.kind === 'refused') {
      throw new BadRequestException({
        message: 'the answers do not fit this safety check',
        details: result.problems.map(({ questionId, problem }) => ({ path: `answers.${questionId}`, ...problemDetails[problem] })),
      });
    }
    if (result.kind !== 'recorded') throw refusals[result.kind]();
    const { recorded } = result;
    return {
      alertId,
      recipientId,
      answers: recorded.answers,
      revision: recorded.revision,
      firstAnsweredAt: recorded.firstAnsweredAt.toISOString(),
      answeredAt: recorded.answeredAt.toISOString(),
      via: 'console',
      recordedBy: principal.userId,
    };
  }
}
