import { AnswerLinkResolver, OpenedAnswerLink } from './answer-link-resolver';
import { FailedLookupThrottle } from './failed-lookup-throttle';

export type GuardedLookup = { kind: 'throttled'; retryAfterSeconds: number } | { kind: 'unknown' } | { kind: 'found'; opened: OpenedAnswerLink };

/**
 * The answer link behind a token, behind the brake on guessing: a lookup that finds no valid
 * link counts against the client, and too many wait. The answer page and its notification
 * endpoints both look links up here, so guessing through either counts the same.
 */
export class GuardedLinkLookup {
  constructor(
    private readonly links: AnswerLinkResolver,
    private readonly throttle: FailedLookupThrottle,
  ) {}

  async open(token: string, clientAddress: string, now: Date): Promise<GuardedLookup> {
    const retryAfterMs = this.throttle.retryAfterMs(clientAddress, token);
    if (retryAfterMs > 0) return { kind: 'throttled', retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
    const opened = await this.links.resolve(token, now);
    if (!opened) {
      this.throttle.recordFailure(clientAddress, token);
      return { kind: 'unknown' };
    }
    return { kind: 'found', opened };
  }
}
