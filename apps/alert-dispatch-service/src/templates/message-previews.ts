import { AnswerLinkSettings, answerLink } from '../answer-links/answer-token';
import { CHANNEL_KINDS, ChannelKind, RecipientLanguage } from '../channels/channel';
import { characterCount, smsEncodingOf, smsSegmentCount } from './channel-limits';
import { TemplateValues } from './message-template';
import { ChannelLimitError, ChannelLimitExceeded, renderMessage } from './render-message';
import { TenantTemplates } from './tenant-templates';

/** What an alert says, and how: the parts of a message that do not depend on the person. */
export interface AlertWording {
  title: string;
  message: string;
  drill: boolean;
  companyName: string;
  /** The tenant lets answer links go over plain http (their base URL is longer or shorter). */
  allowPlainHttp: boolean;
}

export interface PreviewRequest extends AlertWording {
  language: RecipientLanguage;
  reminder: boolean;
}

/** One channel's message for a sample person, or why it cannot carry it. */
export type ChannelPreview =
  | { channel: ChannelKind; fits: true; subject: string; body: string; characters: number; sms?: { segments: number; encoding: 'GSM-7' | 'UCS-2' } }
  | { channel: ChannelKind; fits: false; problem: string; exceeded: ChannelLimitExceeded };

/**
 * A refused part of an alert, in the error shape's terms: the English `message` for API users,
 * and the same facts as fields (`rule: 'too-long'`, the channel, the recipients' language, how
 * far over the limit) for clients that word it themselves.
 */
export interface WordingProblem extends ChannelLimitExceeded {
  path: 'title' | 'message';
  message: string;
  rule: 'too-long';
  channel: ChannelKind;
  language: RecipientLanguage;
}

/** Stands in for the person: a name of ordinary length, so lengths come out as they will for most. */
const sampleNames: Record<RecipientLanguage, string> = { ja: '安否 太郎', en: 'Taro Anpi' };
/** An answer token is 43 base64url characters: the sample link is exactly as long as the real ones. */
const sampleToken = 'x'.repeat(43);

/**
 * Messages as recipients will get them, before anything is sent: the console's preview while
 * an admin writes templates or an alert, and the check that refuses an alert some listed channel
 * cannot carry (an SMS template with the alert's body in it, an over-long subject). Rendering is
 * the senders' own renderMessage, marks and limits included, so what is shown is what is sent.
 */
export class MessagePreviews {
  constructor(private readonly settings: { answerLinks: AnswerLinkSettings; maxSmsSegments: number }) {}

  get maxSmsSegments(): number {
    return this.settings.maxSmsSegments;
  }

  preview(templates: TenantTemplates, request: PreviewRequest): ChannelPreview[] {
    return CHANNEL_KINDS.map((channel) => this.previewOn(templates, channel, request));
  }

  /**
   * What stops this alert from fitting a channel it lists, in either language (the tenant's
   * people may read either). A person's name is part of some templates, so a long one can still
   * overflow at send time; that delivery then fails with the same reason.
   */
  problemsWith(templates: TenantTemplates, wording: AlertWording, channels: readonly ChannelKind[]): WordingProblem[] {
    const problems: WordingProblem[] = [];
    for (const language of ['ja', 'en'] as const) {
      for (const channel of channels) {
        const preview = this.previewOn(templates, channel, { ...wording, language, reminder: true });
        if (!preview.fits) {
          problems.push({ path: channel === 'email' ? 'title' : 'message', message: `${preview.problem} (${language}, with the reminder mark of a re-send)`, rule: 'too-long', channel, language, ...preview.exceeded });
        }
      }
    }
    return problems;
  }

  private previewOn(templates: TenantTemplates, channel: ChannelKind, request: PreviewRequest): ChannelPreview {
    try {
      const { subject, body } = renderMessage(templates, {
        channel,
        language: request.language,
        drill: request.drill,
        reminder: request.reminder,
        values: this.sampleValues(request),
        maxSmsSegments: this.settings.maxSmsSegments,
      });
      const sms = channel === 'sms' ? { segments: smsSegmentCount(body), encoding: smsEncodingOf(body).name } : undefined;
      return { channel, fits: true, subject, body, characters: characterCount(body), ...(sms && { sms }) };
    } catch (error) {
      if (error instanceof ChannelLimitError) return { channel, fits: false, problem: error.message, exceeded: error.exceeded };
      throw error;
    }
  }

  private sampleValues(request: PreviewRequest): TemplateValues {
    return {
      name: sampleNames[request.language],
      answerUrl: answerLink(this.settings.answerLinks, sampleToken, request.allowPlainHttp),
      alertTitle: request.title,
      alertBody: request.message,
      companyName: request.companyName,
      sentAt: new Date().toISOString(),
    };
  }
}
