import { ApiError, FieldProblem } from '../api/api-error';
import type { MessagePreviewRequest, TemplateLanguage } from '../api/dispatch-api';
import type { ComposeDraft } from './compose-draft';

/**
 * The preview of the alert being written, in one language: its title, message and drill mark.
 * A title or message not written yet is left out (the service shows a sample one in its place).
 */
export function previewRequestOf(draft: Pick<ComposeDraft, 'title' | 'message' | 'drill'>, language: TemplateLanguage): MessagePreviewRequest {
  const title = draft.title.trim();
  const message = draft.message.trim();
  return { language, drill: draft.drill, ...(title && { title }), ...(message && { message }) };
}

/** Whether the preview on screen still shows the draft as it is now (title, message and drill mark unchanged). */
export function samePreviewedWording(previewed: MessagePreviewRequest, now: MessagePreviewRequest): boolean {
  return previewed.title === now.title && previewed.message === now.message && previewed.drill === now.drill;
}

/**
 * Why the service refused to create the alert with 422: a problem at `target`, the target
 * reaches nobody; problems at the title or message, the alert does not fit a channel it lists
 * (an SMS template with the message in it…). A 422 with no details is the form's Idempotency-Key
 * already used for another alert (the first send went through, its answer was lost, the draft was
 * then changed); the service's own words are shown for any other.
 */
export type AlertRefusal = { kind: 'nobody' } | { kind: 'does-not-fit'; problems: FieldProblem[] } | { kind: 'key-reused' };

export function alertRefusalOf(error: unknown): AlertRefusal | undefined {
  if (!(error instanceof ApiError) || error.status !== 422) return undefined;
  if (error.details.length === 0) return error.message.startsWith('this Idempotency-Key was used') ? { kind: 'key-reused' } : undefined;
  if (error.details.some((problem) => problem.path === 'target')) return { kind: 'nobody' };
  // One line per problem: the same one found at the title and the message is said once.
  return { kind: 'does-not-fit', problems: [...new Map(error.details.map((problem) => [problem.message, problem])).values()] };
}
