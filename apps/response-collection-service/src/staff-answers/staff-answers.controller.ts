import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, ForbiddenException, GoneException, Headers, NotFoundException, Param, ParseUUIDPipe, PreconditionFailedException, Put, UseGuards } from '@nestjs/common';
import { answersDoNotFit, AnswerView, answerView, ConsoleAnswerBody, consoleAnswerBodySchema } from '../answer-page/console-answers';
import { AnswerOnBehalf, AnswerOnBehalfResult } from './answer-on-behalf';

export interface StaffAnswerView extends AnswerView {
  alertId: string;
  recipientId: string;
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
    @Body(new ZodValidationPipe(consoleAnswerBodySchema)) body: ConsoleAnswerBody,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
  ): Promise<StaffAnswerView> {
    const result = await this.onBehalf.record(principal, alertId, recipientId, body.answers, new Date(), { onlyIfUnanswered: ifNoneMatch?.trim() === '*' });
    if (result.kind === 'refused') throw answersDoNotFit(result.problems);
    if (result.kind !== 'recorded') throw refusals[result.kind]();
    return {
      alertId,
      recipientId,
      ...answerView(result.recorded),
      via: 'console',
      recordedBy: principal.userId,
    };
  }
}
