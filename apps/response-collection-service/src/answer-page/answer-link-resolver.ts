import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AnswerContext, AnswerContextRow, toAnswerContext } from './record-answer.use-case';

export interface ResolvedAnswerLink {
  tenantId: string;
  alertId: string;
  recipientId: string;
}

interface LinkRow {
  tenant_id: string;
  alert_id: string;
  recipient_id: string;
}

const tokenFormat = /^[A-Za-z0-9_-]{43}$/;

/**
 * Turns the token in a link into who is answering which alert. Only SHA-256 hashes are
 * stored, and the lookup is by hash, so the comparison never runs over the secret itself
 * (no timing signal about its characters) and a database leak reveals no usable link.
 */
export class AnswerLinkResolver {
  constructor(private readonly dataSource: DataSource) {}

  static isWellFormed(token: string): boolean {
    return tokenFormat.test(token);
  }

  /**
   * The link and, in the same round trip, what the page needs to show or record an answer
   * (`open_answer_link` reads it bound to the link's tenant, under row-level security).
   */
  async resolve(token: string, now: Date): Promise<{ link: ResolvedAnswerLink; context: AnswerContext } | undefined> {
    if (!AnswerLinkResolver.isWellFormed(token)) return undefined;
    const tokenHash = createHash('sha256').update(token, 'utf8').digest('base64url');
    const [row]: (LinkRow & Partial<AnswerContextRow>)[] = await this.dataSource.query('SELECT * FROM open_answer_link($1, $2)', [tokenHash, now]);
    if (!row) return undefined;
    return { link: { tenantId: row.tenant_id, alertId: row.alert_id, recipientId: row.recipient_id }, context: toAnswerContext(row, now) };
  }
}
