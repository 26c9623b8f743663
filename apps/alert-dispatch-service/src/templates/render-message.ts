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

/**
 * How far a message is over its channel's limit, as data: clients (the console) word it in
 * their own language from these fields instead of reading the English message.
 */
export interface ChannelLimitExceeded {
  measure: 'characters' | 'segments' | 'bytes';
  actual: number;
  maximum: number;
  /** SMS only: the encoding ("GSM-7", "UCS-2"), which decides how many characters a segment holds. */
  encoding?: string;
}

/** A channel that has a size limit (webhooks carry anything). */
type LimitedChannel = Exclude<ChannelKind, 'webhook'>;

/** The same facts in English, for API users and logs. */
const limitWordings: Record<LimitedChannel, (exceeded: ChannelLimitExceeded) => string> = {
  email: ({ actual, maximum }) => `subject has ${actual} characters, more than ${maximum}`,
  sms: ({ actual, maximum, encoding }) => `text needs ${actual} ${encoding} segments, more than the ${maximum} allowed`,
  line: ({ actual, maximum }) => `text has ${actual} characters, more than ${maximum}`,
  'web-push': ({ actual, maximum }) => `payload is ${actual} bytes, more than ${maximum}`,
};

/** A rendered message does not fit its channel; names the channel, the limit and the size. */
export class ChannelLimitError extends TemplateError {
  constructor(
    readonly channel: LimitedChannel,
    readonly exceeded: ChannelLimitExceeded,
  ) {
    super(`${channel}: ${limitWordings[channel](exceeded)}`);
  }
}

/** Which text each channel carries as its body. */
const bodyFieldOf: Record<ChannelKind, TemplateField> = { email: 'body', 'web-push': 'shortBody', sms: 'shortBody', line: 'body', webhook: 'body' };

/** Drills run the real path, so every message says it is one, first thing, in the reader's language. */
const drillMarks: Record<RecipientLanguage, string> = { ja: '【訓練】', en: '[DRILL] ' };

/** A re-send must not look like the message already ignored once: it says it is a reminder, after any drill mark. */
const reminderMarks: Record<RecipientLanguage, string> = { ja: '【再送】', en: '[REMINDER] ' };

type LimitCheck = (message: RenderedMessage, request: RenderRequest) => ChannelLimitExceeded | undefined;

const over = (exceeded: ChannelLimitExceeded) => (exceeded.actual > exceeded.maximum ? exceeded : undefined);

const limitChecks: Record<ChannelKind, LimitCheck> = {
  email: ({ subject }) => over({ measure: 'characters', actual: characterCount(subject), maximum: EMAIL_SUBJECT_MAX_CHARACTERS }),
  sms: ({ body }, { maxSmsSegments }) => over({ measure: 'segments', actual: smsSegmentCount(body), maximum: maxSmsSegments, encoding: smsEncodingOf(body).name }),
  line: ({ body }) => over({ measure: 'characters', actual: characterCount(body), maximum: LINE_TEXT_MAX_CHARACTERS }),
  'web-push': ({ subject, body }, { drill, values }) => {
    const payload = pushNotificationPayload({ subject, body, answerUrl: values.answerUrl, drill, deliveryId: '00000000-0000-0000-0000-000000000000' });
    return over({ measure: 'bytes', actual: utf8Bytes(JSON.stringify(payload)), maximum: PUSH_PAYLOAD_MAX_BYTES });
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
  const exceeded = limitChecks[request.channel](message, request);
  if (exceeded) throw new ChannelLimitError(request.channel as LimitedChannel, exceeded);
  return message;
}
