import { z } from 'zod';
import { CreateAlertCommand, createAlertCommandSchema } from './create-alert.command';
import { idempotencyKeySchema } from './idempotency-key';

/** A request the caller got wrong: INVALID_ARGUMENT, with the fields named. */
export class InvalidAlertRequest extends Error {
  override readonly name = 'InvalidAlertRequest';
}

const jsonText = z.string().transform((text, context) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    context.addIssue({ code: 'custom', message: 'not valid JSON' });
    return z.NEVER;
  }
});

/** anpi.dispatch.v1.CreateAlertRequest as @grpc/proto-loader hands it over (keepCase, defaults, oneofs). */
const createAlertRequestSchema = z.object({
  tenant_id: z.uuid(),
  idempotency_key: z.string().transform((key) => (key === '' ? undefined : key)).pipe(idempotencyKeySchema),
  title: z.string(),
  message: z.string(),
  target_json: jsonText,
  channels: z.array(z.string()),
  drill: z.boolean(),
  created_by: z.string().max(60),
  questions_json: z.string(),
  resend_interval_minutes: z.number().optional(),
  resend_max_rounds: z.number().optional(),
  auto_close_after_hours: z.number().optional(),
  widen_to_all_after_minutes: z.number().optional(),
});

export interface GrpcCreateAlert {
  tenantId: string;
  idempotencyKey: string | undefined;
  createdBy: string;
  command: CreateAlertCommand;
}

/** The proto request → the same command the REST API takes, validated by the same schema. */
export function parseCreateAlertRequest(request: unknown): GrpcCreateAlert {
  const envelope = orInvalid(createAlertRequestSchema.safeParse(request));
  const body: Record<string, unknown> = {
    title: envelope.title,
    message: envelope.message,
    target: envelope.target_json,
    drill: envelope.drill,
    ...(envelope.channels.length > 0 ? { channels: envelope.channels } : {}),
    ...(envelope.questions_json !== '' ? { questions: orInvalid(jsonText.safeParse(envelope.questions_json), 'questions_json') } : {}),
    ...(envelope.resend_interval_minutes !== undefined || envelope.resend_max_rounds !== undefined
      ? { resend: { intervalMinutes: envelope.resend_interval_minutes ?? 15, maxRounds: envelope.resend_max_rounds ?? 4 } }
      : {}),
    ...(envelope.auto_close_after_hours !== undefined ? { autoCloseAfterHours: envelope.auto_close_after_hours } : {}),
    ...(envelope.widen_to_all_after_minutes !== undefined ? { widenToAllAfterMinutes: envelope.widen_to_all_after_minutes } : {}),
  };
  return { tenantId: envelope.tenant_id, idempotencyKey: envelope.idempotency_key, createdBy: envelope.created_by, command: orInvalid(createAlertCommandSchema.safeParse(body)) };
}

export function parseGetAlertRequest(request: unknown): { tenantId: string; alertId: string } {
  const parsed = orInvalid(z.object({ tenant_id: z.uuid(), alert_id: z.uuid() }).safeParse(request));
  return { tenantId: parsed.tenant_id, alertId: parsed.alert_id };
}

export function parseCloseAlertRequest(request: unknown): { tenantId: string; alertId: string; closedBy: string } {
  const parsed = orInvalid(z.object({ tenant_id: z.uuid(), alert_id: z.uuid(), closed_by: z.string().max(60) }).safeParse(request));
  return { tenantId: parsed.tenant_id, alertId: parsed.alert_id, closedBy: parsed.closed_by };
}

function orInvalid<T>(result: z.ZodSafeParseResult<T>, prefix?: string): T {
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${[prefix, ...issue.path].filter((part) => part !== undefined).join('.') || '(request)'}: ${issue.message}`);
  throw new InvalidAlertRequest(issues.join('; '));
}
