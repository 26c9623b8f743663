import type { Channel } from '../api/dispatch-api';

export interface ChannelField {
  /** Dotted path in the channel's settings object, e.g. `auth.user`. */
  path: string;
  kind: 'text' | 'secret' | 'number' | 'boolean';
  optional?: boolean;
}

/** The settings each channel's provider needs (alert-dispatch-service tenant-channel-settings). */
export const channelFields: Record<Channel, ChannelField[]> = {
  email: [
    { path: 'host', kind: 'text' },
    { path: 'port', kind: 'number' },
    { path: 'secure', kind: 'boolean' },
    { path: 'from', kind: 'text' },
    { path: 'auth.user', kind: 'text', optional: true },
    { path: 'auth.pass', kind: 'secret', optional: true },
  ],
  'web-push': [
    { path: 'vapidSubject', kind: 'text' },
    { path: 'vapidPublicKey', kind: 'text' },
    { path: 'vapidPrivateKey', kind: 'secret' },
  ],
  sms: [
    { path: 'baseUrl', kind: 'text' },
    { path: 'accountSid', kind: 'text' },
    { path: 'authToken', kind: 'secret' },
    { path: 'from', kind: 'text' },
  ],
  line: [
    { path: 'baseUrl', kind: 'text' },
    { path: 'channelAccessToken', kind: 'secret' },
    // Both, for employees to link their own LINE from the answer page (webhook signature, the account to chat with).
    { path: 'channelSecret', kind: 'secret', optional: true },
    { path: 'officialAccountId', kind: 'text', optional: true },
  ],
  webhook: [
    { path: 'url', kind: 'text' },
    { path: 'signingSecret', kind: 'secret' },
  ],
};

/**
 * The request body from the form's values: numbers and booleans typed, empty optional fields
 * left out (an optional group such as `auth` disappears when all its fields are empty).
 */
export function channelSettingsBody(channel: Channel, values: Record<string, string | boolean>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of channelFields[channel]) {
    const raw = values[field.path];
    if (field.kind !== 'boolean' && (raw === undefined || raw === '') && field.optional) continue;
    const value = field.kind === 'number' ? Number(raw) : field.kind === 'boolean' ? raw === true : String(raw ?? '').trim();
    const [head, tail] = field.path.split('.');
    if (tail) body[head] = { ...((body[head] as Record<string, unknown>) ?? {}), [tail]: value };
    else body[head] = value;
  }
  return body;
}
