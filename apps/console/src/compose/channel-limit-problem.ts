import type { FieldProblem } from '../api/api-error';
import type { ChannelLimitExceeded } from '../api/dispatch-api';
import type { MessageKey } from '../i18n/messages';

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The channels with a size limit (webhooks carry anything): each has its own sentence. */
const limitedChannels = ['email', 'sms', 'line', 'web-push'] as const;
type LimitedChannel = (typeof limitedChannels)[number];

const isLimited = (channel: string | undefined): channel is LimitedChannel => (limitedChannels as readonly string[]).includes(channel ?? '');

function limitSentence(channel: LimitedChannel, { actual, maximum, encoding = '' }: Pick<ChannelLimitExceeded, 'actual' | 'maximum' | 'encoding'>, t: Translate): string {
  return t(`channelLimit.${channel}`, { actual, limit: maximum, encoding });
}

/**
 * Why the service would not send the alert on a channel (a 422 problem with `rule: 'too-long'`),
 * in the console's language from the problem's fields: the channel, the recipients' language
 * and how far over the limit, counting the reminder mark a re-send adds. The service's English
 * only for a problem without those fields.
 */
export function channelLimitRefusalText(problem: FieldProblem, t: Translate): string {
  const { channel, language, actual, maximum } = problem;
  if (problem.rule !== 'too-long' || !isLimited(channel) || !language || actual === undefined || maximum === undefined) return problem.message;
  return t('channelLimit.inRefusal', { sentence: limitSentence(channel, { actual, maximum, encoding: problem.encoding }, t), language: t(`channelLimit.${language}`) });
}

/** Why a channel of the preview cannot carry the message, in the console's language. */
export function channelLimitPreviewText(channel: string, exceeded: ChannelLimitExceeded | undefined, serviceWords: string, t: Translate): string {
  if (!isLimited(channel) || !exceeded) return serviceWords;
  return t('channelLimit.inPreview', { sentence: limitSentence(channel, exceeded, t) });
}
