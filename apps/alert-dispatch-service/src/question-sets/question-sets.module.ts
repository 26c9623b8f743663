import { Module } from '@nestjs/common';
import { QuestionSetController } from './question-set.controller';
import { TenantQuestionSetStore } from './tenant-question-set.store';

/** The tenants' own question sets over REST (CreateAlert reads them itself, inside its transaction). */
@Module({
  controllers: [QuestionSetController],
  providers: [{ provide: TenantQuestionSetStore, useValue: new TenantQuestionSetStore() }],
})
export class QuestionSetsModule {}
