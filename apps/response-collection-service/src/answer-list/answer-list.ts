import { Principal } from '@anpi/auth-guard';
import { prefectureCodeSchema } from '@anpi/contracts';
import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { scopeRootsOf } from '../breakdowns/department-tree';

const questionOrChoiceId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);

/** Who to list: one answer's people, and where they are in the company. Shared by the list and its CSV. */
export const answerFilterFields = {
  /** With `choices`: only people whose answer to this choice question is one of them ("who is hurt"). */
  question: questionOrChoiceId.optional(),
  /** Comma-separated choice ids of `question`. */
  choices: z
    .string()
    .transform((list) => list.split(',').map((choice) => choice.trim()))
    .pipe(z.array(questionOrChoiceId).min(1).max(20))
    .optional(),
  /** This department and everything under it. */
  department: z.uuid().optional(),
  workPrefecture: prefectureCodeSchema.optional(),
};

/** A question without choices (or choices without a question) would silently list everyone. */
export function questionWithItsChoices(query: { question?: string; choices?: string[] }): boolean {
  return (query.question === undefined) === (query.choices === undefined);
}

export const questionWithItsChoicesProblem = { message: 'question and choices go together', path: ['choices'] };

export const answerListQuerySchema = z
  .object({
    ...answerFilterFields,
    /** The last recipientId of the previous page. */
    after: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict()
  .refine(questionWithItsChoices, questionWithItsChoicesProblem);

export type AnswerFilter = Pick<AnswerListQuery, 'question' | 'choices' | 'department' | 'workPrefecture'>;

export type AnswerListQuery = z.infer<typeof answerListQuerySchema>;

/** One person's answer as it stands, where they sit in the company: the crisis team's "who said what". */
export interface ListedAnswer {
  recipientId: string;
  /** Null once the employee's personal data was purged. */
  employeeNumber: string | null;
  departmentIds: string[];
  workPrefecture: string | null;
  homePrefecture: string | null;
  /** Question id → choice id or the text written. */
  answers: Record<string, string>;
  firstAnsweredAt: string;
  answeredAt: string;
  /** The answer as it stands was recorded by the crisis team on the person's behalf. */
  recordedByStaff: boolean;
}

interface ListedAnswerRow {
  recipient_id: string;
  employee_number: string | null;
  department_ids: string[] | null;
  work_prefecture: string | null;
  home_prefecture: string | null;
  answers: Record<string, string>;
  first_answered_at: Date;
  answered_at: Date;
  by_staff: boolean;
}

/**
 * The answers of one alert by keyset pages, optionally only one answer's people (the injured,
 * those who cannot work). Read from the alert's own answers in recipient order — the list a
 * person acts on, one page at a time, not an aggregate; the counts stay in the counters.
 * Department admins only ever see people in their subtrees, whatever filter they send.
 */
export class AnswerList {
  constructor(private readonly dataSource: DataSource) {}

  async page(principal: Principal, alertId: string, query: AnswerListQuery): Promise<{ items: ListedAnswer[]; next: string | null } | undefined> {
    return runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      const [alert] = await manager.query('SELECT 1 FROM alert_projections WHERE alert_id = $1', [alertId]);
      if (!alert) return undefined;
      const rows: ListedAnswerRow[] = await manager.query(
        `SELECT a.recipient_id, r.employee_number, r.department_ids, r.work_prefecture, r.home_prefecture, a.answers, a.first_answered_at, a.answered_at,
                EXISTS (SELECT 1 FROM staff_answers s WHERE s.alert_id = a.alert_id AND s.recipient_id = a.recipient_id AND s.revision = a.revision) AS by_staff
         FROM answers a LEFT JOIN alert_recipients r ON r.alert_id = a.alert_id AND r.recipient_id = a.recipient_id
         WHERE a.alert_id = $1
           AND ($2::text IS NULL OR a.answers ->> $2 = ANY($3::text[]))
           AND ($4::uuid[] IS NULL OR r.department_scope && $4::uuid[])
           AND ($5::uuid IS NULL OR r.department_scope @> ARRAY[$5::uuid])
           AND ($6::text IS NULL OR r.work_prefecture = $6)
           AND ($7::uuid IS NULL OR a.recipient_id > $7)
         ORDER BY a.recipient_id
         LIMIT $8`,
        [alertId, query.question ?? null, query.choices ?? null, scopeRootsOf(principal), query.department ?? null, query.workPrefecture ?? null, query.after ?? null, query.limit],
      );
      const items = rows.map(toListedAnswer);
      return { items, next: items.length === query.limit ? items[items.length - 1].recipientId : null };
    });
  }
}

/** How many answers the export reads per transaction: big enough to be quick, small enough to never hold one open long. */
const EXPORT_PAGE = 500;

/** Every listed answer in turn, each page in its own short transaction (the CSV export of a large alert). */
export async function* everyListedAnswer(list: AnswerList, principal: Principal, alertId: string, filter: AnswerFilter): AsyncGenerator<ListedAnswer> {
  let after: string | undefined;
  do {
    const page = await list.page(principal, alertId, { ...filter, after, limit: EXPORT_PAGE });
    if (!page) return;
    yield* page.items;
    after = page.next ?? undefined;
  } while (after);
}

function toListedAnswer(row: ListedAnswerRow): ListedAnswer {
  return {
    recipientId: row.recipient_id,
    employeeNumber: row.employee_number,
    departmentIds: row.department_ids ?? [],
    workPrefecture: row.work_prefecture,
    homePrefecture: row.home_prefecture,
    answers: row.answers,
    firstAnsweredAt: new Date(row.first_answered_at).toISOString(),
    answeredAt: new Date(row.answered_at).toISOString(),
    recordedByStaff: row.by_staff,
  };
}
