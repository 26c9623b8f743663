import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { AnswerList, AnswerListQuery, answerListQuerySchema, ListedAnswer } from './answer-list';

/** Who answered what: the people behind the counts (names and phones come from the directory, in the console). */
@Controller('v1/alerts')
@UseGuards(AccessTokenGuard)
@Roles('owner', 'admin', 'department_admin')
export class AnswerListController {
  constructor(private readonly answers: AnswerList) {}

  @Get(':alertId/answers')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('alertId', new ParseUUIDPipe()) alertId: string,
    @Query(new ZodValidationPipe(answerListQuerySchema)) query: AnswerListQuery,
  ): Promise<{ items: ListedAnswer[]; next: string | null }> {
    const page = await this.answers.page(principal, alertId, query);
    if (!page) throw new NotFoundException('alert not found');
    return page;
  }
}
