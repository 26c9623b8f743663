import { ChannelKind, RecipientLanguage } from '../channels/channel';
import { pushNotificationPayload } from '../channels/push-notification-payload';
import { EMAIL_SUBJECT_MAX_CHARACTERS, LINE_TEXT_MAX_CHARACTERS, PUSH_PAYLOAD_MAX_BYTES, characterCount, smsEncodingOf, smsSegmentCount, utf8Bytes } from './channel-limits';
import { TemplateError, TemplateValues } from './message-template';
import { TemplateField, TenantTemplates } from './tenant-templates';

export interface RenderRequest {
  channel: ChannelKind;
  language: RecipientLanguage;
  drill: boolean;
  /** A re-send round: this person was asked before and has not answered. */
  reminder: boolean;
  values: TemplateValues;
  /** The service's SMS_MAX_SEGMENTS. */
  maxSmsSegments: number;
}

export interface RenderedMessage {
  subject: string;
  body: string;
}

/** A rendered message does not fit its channel; names the channel, the limit and the size. */
export class ChannelLimitError extends TemplateError {
  constructor(
    readonly channel: ChannelKind,
    detail: string,
  ) {
    super(`${channel}: ${detail}`);
  }
}

/** Which text each channel carries as its body. */
const bodyFieldOf: Record<ChannelKind, TemplateField> = { email: 'body', 'web-push': 'shortBody', sms: 'shortBody', line: 'body', webhook: 'body' };

/** Drills run the real path, so every message says it is one, first thing, in the reader's language. */
const drillMarks: Record<RecipientLanguage, string> = { ja: '【訓練】', en: '[DRILL] ' };

/** A re-send must not look like the message already ignored once: it says it is a reminder, after any drill mark. */
const reminderMarks: Record<RecipientLanguage, string> = { ja: '【再送】', en: '[REMINDER] ' };

type LimitCheck = (message: RenderedMessage, request: RenderRequest) => string | undefined;

const limitChecks: Record<ChannelKind, LimitCheck> = {
  email: ({ subject }) => {
    const length = characterCount(subject);
    return length > EMAIL_SUBJECT_MAX_CHARACTERS ? `subject has ${length} characters, more than ${EMAIL_SUBJECT_MAX_CHARACTERS}` : undefined;
  },
  sms: ({ body }, { maxSmsSegments }) => {
    const segments = smsSegmentCount(body);
    return segments > maxSmsSegments ? `text needs ${segments} ${smsEncodingOf(body).name} segments, more than the ${maxSmsSegments} allowed` : undefined;
  },
  line: ({ body }) => {
    const length = characterCount(body);
    return length > LINE_TEXT_MAX_CHARACTERS ? `text has ${length} characters, more than ${LINE_TEXT_MAX_CHARACTERS}` : undefined;
  },
  'web-push': ({ subject, body }, { drill, values }) => {
    const payload = pushNotificationPayload({ subject, body, answerUrl: values.answerUrl, drill, deliveryId: '00000000-0000-0000-0000-000000000000' });
    const bytes = utf8Bytes(JSON.stringify(payload));
    return bytes > PUSH_PAYLOAD_MAX_BYTES ? `payload is ${bytes} bytes, more than ${PUSH_PAYLOAD_MAX_BYTES}` : undefined;
  },
  webhook: () => undefined,
};

/**
 * One recipient's message on one channel: the tenant's template in the recipient's language,
 * drill-marked when the alert is a drill, reminder-marked in a re-send round, checked against
 * the channel's limits (marks included).
 */
export function renderMessage(templates: TenantTemplates, request: RenderRequest): RenderedMessage {
  const texts = templates.forLanguage(request.language);
  const mark = (request.drill ? drillMarks[request.language] : '') + (request.reminder ? reminderMarks[request.language] : '');
  const message = { subject: mark + texts.subject.render(request.values), body: mark + texts[bodyFieldOf[request.channel]].render(request.values) };
  const problem = limitChecks[request.channel](message, request);
  if (problem) throw new ChannelLimitError(request.channel, problem);
  return message;
}
