import { createHmac, hash } from 'node:crypto';

const TOKEN_CONTEXT = 'anpi-answer-token-v1';

/**
 * The secret in each recipient's answer link. It is derived, not stored: HMAC-SHA256 under a
 * key only dispatch holds, over (alert, recipient). So every re-send carries the same link,
 * a restarted fan-out needs no lookup, and neither the database nor Kafka ever holds a usable
 * token — only its SHA-256 hash, which is what response-collection compares.
 * 256 bits, base64url: 43 characters.
 */
export class AnswerTokenIssuer {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('answer token key must be at least 32 bytes');
  }

  tokenFor(alertId: string, recipientId: string): string {
    // One update of the joined input (same bytes as updating part by part): it runs twice per delivery.
    return createHmac('sha256', this.key).update(`${TOKEN_CONTEXT}\u0000${alertId}\u0000${recipientId}`).digest('base64url');
  }
}

/** What is stored and compared: a token is never kept in readable form. */
export function hashAnswerToken(token: string): string {
  return hash('sha256', token, 'base64url');
}

export interface AnswerLinkSettings {
  /** e.g. https://anpi.example.com */
  httpsBaseUrl: string;
  /** e.g. http://m.anpi.example.com — only used for tenants that allow plain-http links (feature phones). */
  plainHttpBaseUrl?: string;
}

/**
 * The link in the message. The token is the only thing in the URL: no name, no e-mail,
 * no tenant. https unless the tenant explicitly allows plain http and one is configured.
 */
export function answerLink(settings: AnswerLinkSettings, token: string, allowPlainHttp: boolean): string {
  const base = allowPlainHttp && settings.plainHttpBaseUrl ? settings.plainHttpBaseUrl : settings.httpsBaseUrl;
  return `${base.replace(/\/+$/, '')}/a/${token}`;
}
