import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, ForbiddenException, Get, GoneException, NotFoundException, Param, ParseUUIDPipe, Put, UseGuards } from '@nestjs/common';
import { answersDoNotFit, AnswerView, answerView, ConsoleAnswerBody, consoleAnswerBodySchema } from '../answer-page/console-answers';
import { MySafetyChecks, OwnAnswerResult, OwnSafetyChecks } from './own-safety-checks';

export interface OwnAnswerView extends AnswerView {
  alertId: string;
}

const refusals: Record<Exclude<OwnAnswerResult['kind'], 'recorded' | 'refused'>, () => Error> = {
  'not-linked': () => new ForbiddenException('your account is not linked to a person in the directory; an owner or admin links it on the Team screen'),
  'not-a-recipient': () => new NotFoundException('this safety check did not ask you'),
  'alert-missing': () => new NotFoundException('alert not found'),
  closed: () => new GoneException('this safety check has closed'),
};

/**
 * The signed-in person's own safety checks (issue 6 §1: "logged-in staff can also answer from
 * the console API"), for every console role: whom the account is linked to in the directory is
 * whom the alert asked. Their own answer, recorded like the answer page's.
 */
@Controller('v1/my-safety-checks')
@UseGuards(AccessTokenGuard)
@Roles('owner', 'admin', 'department_admin', 'member')
export class MySafetyChecksController {
  constructor(private readonly safetyChecks: OwnSafetyChecks) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal): Promise<MySafetyChecks> {
    return this.safetyChecks.list(principal, new Date());
  }

  @Put(':alertId/answer')
  async answer(
    @CurrentPrincipal() principal: Principal,
    @Param('alertId', new ParseUUIDPipe()) alertId: string,
    @Body(new ZodValidationPipe(consoleAnswerBodySchema)) body: ConsoleAnswerBody,
  ): Promise<OwnAnswerView> {
    const result = await this.safetyChecks.answer(principal, alertId, body.answers, new Date());
    if (result.kind === 'refused') throw answersDoNotFit(result.problems);
    if (result.kind !== 'recorded') throw refusals[result.kind]();
    return { alertId, ...answerView(result.recorded) };
  }
}
