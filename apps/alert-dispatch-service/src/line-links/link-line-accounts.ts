import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import type { LineChannelSettings } from '../channels/tenant-channel-settings';
import { LineLinkCodes } from './line-link-codes';
import { LineReply, lineReplyTexts, sendLineReplies } from './line-link-replies';
import { LineLinkStore } from './line-link-store';
import { LineWebhookEvent } from './line-webhook';
import { activeRecipient } from '../recipients/active-recipient';

export interface LinkingResult {
  replies: LineReply[];
  linked: number;
  refusedCodes: number;
  unlinked: number;
}

/**
 * What the company's LINE official account's webhook events mean for Anpi: a text with a valid
 * link code links the sender's LINE account to the employee the code names; a block
 * (`unfollow`) unlinks it; a new friend is told how to link. Everything else is ignored.
 * Runs in the tenant's transaction; the replies go out after it commits.
 */
export class LinkLineAccounts {
  private readonly repliesInFlight = new Set<Promise<void>>();

  constructor(
    private readonly codes: LineLinkCodes,
    private readonly store: LineLinkStore,
    private readonly logger: Logger,
    private readonly options: { allowPlainHttpProviders: boolean },
  ) {}

  async handle(manager: EntityManager, tenantId: string, events: readonly LineWebhookEvent[], now: Date): Promise<LinkingResult> {
    const result: LinkingResult = { replies: [], linked: 0, refusedCodes: 0, unlinked: 0 };
    for (const event of events) {
      const lineUserId = event.source?.userId;
      if (!lineUserId) continue;
      if (event.type === 'unfollow') result.unlinked += await this.store.unlinkLineUser(manager, lineUserId);
      if (event.type === 'follow' && event.replyToken) result.replies.push({ replyToken: event.replyToken, text: lineReplyTexts.welcome });
      const text = event.type === 'message' && event.message?.type === 'text' ? event.message.text : undefined;
      if (text !== undefined && LineLinkCodes.mentionsCode(text)) await this.linkByCode(manager, tenantId, lineUserId, text, now, event.replyToken, result);
    }
    this.logger.info({ tenantId, linked: result.linked, refusedCodes: result.refusedCodes, unlinked: result.unlinked }, 'LINE webhook events handled');
    return result;
  }

  /**
   * After the transaction committed, without holding the webhook's answer: LINE waits only a
   * short while for it and then counts the delivery as failed (and may deliver it again),
   * while its reply API can take seconds. A pod that stops lets the replies in flight finish.
   */
  replyInBackground(tenantId: string, line: LineChannelSettings, replies: readonly LineReply[]): void {
    if (replies.length === 0) return;
    const sending = sendLineReplies(line, replies, { allowPlainHttp: this.options.allowPlainHttpProviders, onFailure: (reason) => this.logger.warn({ tenantId }, reason) });
    this.repliesInFlight.add(sending);
    void sending.finally(() => this.repliesInFlight.delete(sending));
  }

  /** Resolves when every reply started so far has been sent or given up (at most its timeout). */
  async repliesSent(): Promise<void> {
    await Promise.all([...this.repliesInFlight]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.repliesSent();
  }

  private async linkByCode(manager: EntityManager, tenantId: string, lineUserId: string, text: string, now: Date, replyToken: string | undefined, result: LinkingResult): Promise<void> {
    const recipientId = this.codes.recipientIn(tenantId, text, now);
    const person = recipientId ? await activeRecipient(manager, recipientId) : undefined;
    if (!recipientId || !person) {
      result.refusedCodes += 1;
      if (replyToken) result.replies.push({ replyToken, text: lineReplyTexts.unusableCode });
      return;
    }
    await this.store.link(manager, tenantId, recipientId, lineUserId);
    result.linked += 1;
    if (replyToken) result.replies.push({ replyToken, text: lineReplyTexts.linked[person.language] });
  }
}
