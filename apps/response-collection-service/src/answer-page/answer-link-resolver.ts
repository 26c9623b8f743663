import { StatementBatcher, StatementBatcherOptions } from '@anpi/persistence';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_TIME_ZONE } from './page-locale';
import { Language } from './question-set';
import { AnswerContext, AnswerContextRow, toAnswerContext } from './record-answer.use-case';

export interface ResolvedAnswerLink {
  tenantId: string;
  alertId: string;
  recipientId: string;
}

export interface OpenedAnswerLink {
  link: ResolvedAnswerLink;
  context: AnswerContext;
  recipientLanguage?: Language;
  timeZone: string;
}

interface LinkRow {
  token_hash: string;
  tenant_id: string;
  alert_id: string;
  recipient_id: string;
  /** From the recipients' snapshot; null when the directory had not reached this service. */
  recipient_language: Language | null;
  /** The company's; null when this service has not heard of the company yet. */
  time_zone: string | null;
}

type OpenedLinkRow = LinkRow & Partial<AnswerContextRow>;

const tokenFormat = /^[A-Za-z0-9_-]{43}$/;

/**
 * Up to 200 links in one statement, at most 4 statements at once: the rest of the pool stays
 * free for the answer writes and everything else.
 */
const defaultBatching = { maxBatchSize: 200, maxConcurrentBatches: 4 };

/** Links are found before any tenant is known: every link read shares one queue. */
const ALL_TENANTS = '';

/**
 * Turns the token in a link into who is answering which alert. Only SHA-256 hashes are
 * stored, and the lookup is by hash, so the comparison never runs over the secret itself
 * (no timing signal about its characters) and a database leak reveals no usable link.
 *
 * Every answer page starts here, so the lookups of the pages opened meanwhile share one
 * statement (`open_answer_links`, StatementBatcher): a lone page waits for nothing.
 */
export class AnswerLinkResolver {
  private readonly reads: StatementBatcher<string, OpenedLinkRow | undefined>;

  constructor(dataSource: DataSource, batching: Partial<StatementBatcherOptions> = {}) {
    this.reads = new StatementBatcher((_group, tokenHashes) => openAnswerLinks(dataSource, tokenHashes), { ...defaultBatching, ...batching });
  }

  static isWellFormed(token: string): boolean {
    return tokenFormat.test(token);
  }

  /**
   * The link and, in the same round trip, what the page needs to show or record an answer, the
   * language the recipient's messages are written in and the company's time zone (read bound to
   * the link's tenant, under row-level security).
   */
  async resolve(token: string, now: Date): Promise<OpenedAnswerLink | undefined> {
    if (!AnswerLinkResolver.isWellFormed(token)) return undefined;
    const tokenHash = createHash('sha256').update(token, 'utf8').digest('base64url');
    const row = await this.reads.submit(ALL_TENANTS, tokenHash);
    if (!row) return undefined;
    return {
      link: { tenantId: row.tenant_id, alertId: row.alert_id, recipientId: row.recipient_id },
      context: toAnswerContext(row, now),
      recipientLanguage: row.recipient_language ?? undefined,
      timeZone: row.time_zone ?? DEFAULT_TIME_ZONE,
    };
  }
}

/** One statement for many links; `undefined` where a token matches no valid link. */
async function openAnswerLinks(dataSource: DataSource, tokenHashes: readonly string[]): Promise<(OpenedLinkRow | undefined)[]> {
  const rows: OpenedLinkRow[] = await dataSource.query('SELECT * FROM open_answer_links($1::text[], $2)', [tokenHashes, new Date()]);
  const byHash = new Map(rows.map((row) => [row.token_hash, row]));
  return tokenHashes.map((tokenHash) => byHash.get(tokenHash));
}
