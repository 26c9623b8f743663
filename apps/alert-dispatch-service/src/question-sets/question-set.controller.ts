import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Delete, Get, HttpCode, Ip, Put, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { defaultQuestionSet, questionSetSchema } from '../alerts/question-set';
import { recordDispatchAudit, userActor } from '../audit';
import { QuestionSetView, TenantQuestionSetStore, questionSetView } from './tenant-question-set.store';

const questionSetBodySchema = z.object({ questions: questionSetSchema }).strict();
type QuestionSetBody = z.infer<typeof questionSetBodySchema>;

/**
 * The company's own question set, asked by every alert created without explicit questions
 * (console, gRPC, disaster rules). Owners and admins change it; department admins may read it,
 * since the alerts they compose ask it. Alerts already created keep their own copy.
 */
@Controller('v1/question-set')
@UseGuards(AccessTokenGuard)
export class QuestionSetController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: TenantQuestionSetStore,
  ) {}

  @Get()
  @Roles('owner', 'admin', 'department_admin')
  async get(@CurrentPrincipal() principal: Principal): Promise<QuestionSetView> {
    return questionSetView(await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => this.store.loadOwn(manager, principal.tenantId)));
  }

  /** Replaces the set; refusals name the zod path (`questions.3.choices.1.label.en`) and nothing is saved. */
  @Put()
  @Roles('owner', 'admin')
  async put(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Body(new ZodValidationPipe(questionSetBodySchema)) body: QuestionSetBody): Promise<QuestionSetView> {
    await runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      await this.store.save(manager, principal.tenantId, body.questions, principal.userId);
      await recordDispatchAudit(manager, principal.tenantId, userActor({ principal, ip }), [
        { action: 'question_set.saved', targetType: 'question_set', targetId: null, details: { questionCount: body.questions.length } },
      ]);
    });
    return questionSetView(body.questions);
  }

  /** Back to Anpi's defaults for the alerts created from now on. */
  @Delete()
  @HttpCode(200)
  @Roles('owner', 'admin')
  async remove(@CurrentPrincipal() principal: Principal, @Ip() ip: string): Promise<QuestionSetView> {
    await runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      await this.store.remove(manager, principal.tenantId);
      await recordDispatchAudit(manager, principal.tenantId, userActor({ principal, ip }), [
        { action: 'question_set.reset', targetType: 'question_set', targetId: null, details: { questionCount: defaultQuestionSet.length } },
      ]);
    });
    return questionSetView(undefined);
  }
}
