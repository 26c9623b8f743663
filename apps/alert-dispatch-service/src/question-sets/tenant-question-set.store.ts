import { EntityManager } from 'typeorm';
import { QuestionSet, defaultQuestionSet } from '../alerts/question-set';

/** What the console shows: the questions alerts ask now, whether they are the company's own, and Anpi's defaults to start from or go back to. */
export interface QuestionSetView {
  questions: QuestionSet;
  own: boolean;
  defaults: QuestionSet;
}

export function questionSetView(own: QuestionSet | undefined): QuestionSetView {
  return { questions: own ?? defaultQuestionSet, own: own !== undefined, defaults: defaultQuestionSet };
}

/**
 * A tenant's own question set in its own row (`tenant_question_sets`). Every method takes a
 * manager already bound to the tenant (runInTenantTransaction), so row-level security applies.
 */
export class TenantQuestionSetStore {
  /** `questions` was validated by questionSetSchema (the REST pipe); `updatedBy` is the user who saved it. */
  async save(manager: EntityManager, tenantId: string, questions: QuestionSet, updatedBy: string): Promise<void> {
    await manager.query(
      `INSERT INTO tenant_question_sets (tenant_id, questions, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET questions = EXCLUDED.questions, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [tenantId, JSON.stringify(questions), updatedBy],
    );
  }

  /** Back to Anpi's defaults. */
  async remove(manager: EntityManager, tenantId: string): Promise<void> {
    await manager.query('DELETE FROM tenant_question_sets WHERE tenant_id = $1', [tenantId]);
  }

  /** The tenant's own set, as saved (undefined: it uses the defaults). */
  async loadOwn(manager: EntityManager, tenantId: string): Promise<QuestionSet | undefined> {
    const [row]: { questions: QuestionSet }[] = await manager.query('SELECT questions FROM tenant_question_sets WHERE tenant_id = $1', [tenantId]);
    return row?.questions;
  }

  /** What an alert created without explicit questions asks: the tenant's own set, else the defaults. */
  async questionsFor(manager: EntityManager, tenantId: string): Promise<QuestionSet> {
    return (await this.loadOwn(manager, tenantId)) ?? defaultQuestionSet;
  }
}
