import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface ResolvedAnswerLink {
  tenantId: string;
  alertId: string;
  recipientId: string;
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

  async resolve(token: string, now: Date): Promise<ResolvedAnswerLink | undefined> {
    if (!AnswerLinkResolver.isWellFormed(token)) return undefined;
    const tokenHash = createHash('sha256').update(token, 'utf8').digest('base64url');
    const [link]: { tenant_id: string; alert_id: string; recipient_id: string }[] = await this.dataSource.query(
      'SELECT tenant_id, alert_id, recipient_id FROM answer_links WHERE token_hash = $1 AND valid_until > $2',
      [tokenHash, now],
    );
    return link && { tenantId: link.tenant_id, alertId: link.alert_id, recipientId: link.recipient_id };
  }
}
