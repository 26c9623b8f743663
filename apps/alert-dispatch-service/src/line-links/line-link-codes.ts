import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** How long a link code works: enough to install LINE and add the company's account first. */
export const LINE_LINK_CODE_TTL_SECONDS = 24 * 60 * 60;

const CODE_PATTERN = /ANPI-([A-Za-z0-9_-]{48})/;
const MAC_BYTES = 16;

/**
 * One-time-ish codes that link a LINE account to an employee: the employee's phone sends the
 * code to the company's LINE official account, whose webhook tells us the LINE user id that sent
 * it. Stateless: the code carries the employee id and its expiry, authenticated (HMAC, a key
 * derived from ANSWER_TOKEN_KEY for this purpose only) and bound to the tenant, so nothing is
 * stored until a code comes back and a code for one company is worthless at another's webhook.
 */
export class LineLinkCodes {
  private readonly key: Buffer;

  constructor(answerTokenKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', answerTokenKey, Buffer.alloc(0), 'anpi line link code v1', 32));
  }

  issue(tenantId: string, recipientId: string, now: Date): { code: string; expiresAt: Date } {
    const expiresAt = new Date((Math.floor(now.getTime() / 1000) + LINE_LINK_CODE_TTL_SECONDS) * 1000);
    const payload = Buffer.alloc(20);
    Buffer.from(recipientId.replace(/-/g, ''), 'hex').copy(payload, 0);
    payload.writeUInt32BE(expiresAt.getTime() / 1000, 16);
    return { code: `ANPI-${Buffer.concat([payload, this.mac(tenantId, payload)]).toString('base64url')}`, expiresAt };
  }

  /** The employee a code found in `text` names, if it is authentic, for this tenant and not expired. */
  recipientIn(tenantId: string, text: string, now: Date): string | undefined {
    const found = CODE_PATTERN.exec(text);
    if (!found) return undefined;
    const bytes = Buffer.from(found[1], 'base64url');
    const payload = bytes.subarray(0, 20);
    if (!timingSafeEqual(bytes.subarray(20), this.mac(tenantId, payload))) return undefined;
    if (payload.readUInt32BE(16) * 1000 <= now.getTime()) return undefined;
    const hex = payload.subarray(0, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** Whether `text` holds something shaped like a code (to answer "expired" rather than nothing). */
  static mentionsCode(text: string): boolean {
    return CODE_PATTERN.test(text);
  }

  private mac(tenantId: string, payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(`line-link\u0000${tenantId}\u0000`).update(payload).digest().subarray(0, MAC_BYTES);
  }
}

/** The LINE URL that opens a chat with the official account, the message (with the code) typed in. */
export function lineChatUrl(officialAccountId: string, message: string): string {
  return `https://line.me/R/oaMessage/${encodeURIComponent(officialAccountId)}/?${encodeURIComponent(message)}`;
}
