import { prefectureCodeSchema } from '@anpi/contracts';
import { z } from 'zod';

/**
 * ResolveRecipientsRequest as the proto loader hands it over (keepCase, defaults, oneofs,
 * enums as strings): proto3 has no "absent", so empty strings and lists stand for "not given".
 */
const idSchema = z.uuid();
const idListSchema = z.object({ ids: z.array(idSchema).min(1).max(10_000) }).strict();

const targetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all'), all: z.object({}).strict() }),
  z.object({ kind: z.literal('departments'), departments: idListSchema }),
  z.object({
    kind: z.literal('prefectures'),
    prefectures: z
      .object({
        codes: z.array(prefectureCodeSchema).min(1).max(47),
        match: z.enum(['MATCH_UNSPECIFIED', 'WORK', 'HOME', 'WORK_OR_HOME']),
      })
      .strict(),
  }),
  z.object({ kind: z.literal('groups'), groups: idListSchema }),
  z.object({ kind: z.literal('employees'), employees: idListSchema }),
]);

const requestSchema = z.object({
  tenant_id: idSchema,
  target: z.preprocess((target) => target ?? {}, targetSchema),
  after_employee_id: z.union([z.literal(''), idSchema]),
});

export type PrefectureMatch = 'WORK' | 'HOME' | 'WORK_OR_HOME';

/** Who a target reaches, independent of the wire format. */
export type RecipientTarget =
  | { kind: 'all' }
  | { kind: 'departments'; departmentIds: string[] }
  | { kind: 'prefectures'; codes: string[]; match: PrefectureMatch }
  | { kind: 'groups'; groupIds: string[] }
  | { kind: 'employees'; employeeIds: string[] };

export interface RecipientQuery {
  tenantId: string;
  target: RecipientTarget;
  afterEmployeeId: string | null;
}

/** A request that cannot be served; `field` names the offending field in proto terms. */
export class InvalidRecipientRequest extends Error {
  constructor(readonly field: string, readonly reason: string) {
    super(`${field}: ${reason}`);
    this.name = 'InvalidRecipientRequest';
  }
}

type WireTarget = z.infer<typeof targetSchema>;

const targetFromWire: { [Kind in WireTarget['kind']]: (target: Extract<WireTarget, { kind: Kind }>) => RecipientTarget } = {
  all: () => ({ kind: 'all' }),
  departments: (target) => ({ kind: 'departments', departmentIds: target.departments.ids }),
  // An unspecified match must not shrink an alert: it reaches both places where a person may be.
  prefectures: (target) => ({
    kind: 'prefectures',
    codes: target.prefectures.codes,
    match: target.prefectures.match === 'MATCH_UNSPECIFIED' ? 'WORK_OR_HOME' : target.prefectures.match,
  }),
  groups: (target) => ({ kind: 'groups', groupIds: target.groups.ids }),
  employees: (target) => ({ kind: 'employees', employeeIds: target.employees.ids }),
};

export function parseRecipientRequest(request: unknown): RecipientQuery {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidRecipientRequest(issue.path.join('.') || 'request', issue.message);
  }
  const { tenant_id: tenantId, target, after_employee_id: afterEmployeeId } = parsed.data;
  const toTarget = targetFromWire[target.kind] as (target: WireTarget) => RecipientTarget;
  return { tenantId, target: toTarget(target), afterEmployeeId: afterEmployeeId === '' ? null : afterEmployeeId };
}
