import { buildEnvelope, EventType, topicForEvent } from '@anpi/contracts';
import { ensureAnpiTopics, MailCatcher, readLocalStackSettings, ServiceProcess, waitFor } from '@anpi/testing';
import { exportJWK, generateKeyPair } from 'jose';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** A fresh ES256 signing key, as auth-service reads it from the environment. */
export async function signingKeySettings(kid = `test-${randomUUID()}`) {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid };
  return { AUTH_SIGNING_KEYS: Buffer.from(JSON.stringify({ keys: [jwk] })).toString('base64'), AUTH_ACTIVE_SIGNING_KEY_ID: kid };
}

/** The test's mailbox (the shared MailCatcher) with what these tests look for in a mail. */
export class AuthMailbox extends MailCatcher {
  /** The single-use token of the latest mail to `address` whose text matches `kind`. */
  async tokenMailedTo(address: string, kind: RegExp, after = 0): Promise<string> {
    const mail = await waitFor(() => this.mails.slice(after).reverse().find((candidate) => candidate.recipients.includes(address) && kind.test(candidate.text)), {
      timeoutMs: 30_000,
      what: `a mail to ${address}`,
    });
    return decodeURIComponent(/token=([^\s]+)/.exec(mail.text)![1]);
  }
}

/** Publishes an event as its producer would, through the real broker (the topic comes from the registry). */
export async function publishEvent<TPayload>(event: { type: EventType; tenantId: string; payload: TPayload }): Promise<void> {
  const kafka = new Kafka({ clientId: 'auth-int-test', brokers: readLocalStackSettings().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await ensureAnpiTopics();
  await producer.connect();
  try {
    const envelope = buildEnvelope({ ...event, version: 1 });
    await producer.send({ topic: topicForEvent(event.type), messages: [{ key: event.tenantId, value: JSON.stringify(envelope) }] });
  } finally {
    await producer.disconnect();
  }
}

/** Publishes `tenant.created` as tenant-service would, through the real broker. */
export async function announceTenant(slug: string, ownerEmail: string): Promise<string> {
  const tenantId = randomUUID();
  await publishEvent({
    type: 'tenant.created',
    tenantId,
    payload: { tenantId, slug, displayName: `Test ${slug}`, defaultLanguage: 'ja', timeZone: 'Asia/Tokyo', allowPlainHttpAnswerLinks: false, owner: { email: ownerEmail, displayName: '山田 太郎' } },
  });
  return tenantId;
}

/** Reads anpi_auth as the superuser (row-level security does not hide rows from it). */
export async function queryAuthDatabase<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
  const settings = readLocalStackSettings();
  const client = new Client({ host: settings.PGHOST, port: Number(settings.PGPORT), user: 'postgres', database: settings.AUTH_DB });
  await client.connect();
  try {
    return (await client.query(sql, parameters)).rows as T[];
  } finally {
    await client.end();
  }
}

export const uniqueSlug = () => `t-${randomUUID().slice(0, 12)}`;
export const randomAddress = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export async function call(baseUrl: string, method: string, path: string, options: { body?: unknown; token?: string; from?: string } = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { 'x-forwarded-for': options.from ?? randomAddress() };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

/** The password every test account is activated with and logs in with. */
export const goodPassword = 'kitsune ramen at dawn 7';

export type Role = 'admin' | 'department_admin' | 'member';

/** A colleague to invite: `id` is filled in by the invitation, `access` by a later log-in. */
export interface Colleague {
  role: Role;
  email: string;
  id: string;
  access: string;
}

export const colleague = (role: Role, domain: string): Colleague => ({ role, email: `${role}-${randomUUID().slice(0, 8)}@${domain}`, id: '', access: '' });

/** auth-service from its build output, with a fresh signing key, issuing tokens as itself and mailing the test's SMTP catcher. */
export async function startAuthService(port: number, smtpPort: number, extraEnv: Record<string, string> = {}): Promise<ServiceProcess> {
  return new ServiceProcess('auth-service', port, {
    ...(await signingKeySettings()),
    AUTH_TOKEN_ISSUER: `http://127.0.0.1:${port}`,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    ...extraEnv,
  }).start();
}

/** Follows the latest activation mail to `email` (after the first `after` mails), setting `goodPassword`; the answer's status. */
export async function activateFromMail(auth: ServiceProcess, mails: AuthMailbox, email: string, after = 0): Promise<number> {
  const token = await mails.tokenMailedTo(email, /activate/, after);
  return (await call(auth.baseUrl, 'POST', '/v1/account-activations', { body: { token, password: goodPassword } })).status;
}

/**
 * Announces each company (as tenant-service would), noting its id, then activates each owner's
 * account from the mail auth-service sends, expecting success.
 */
export async function announceAndActivateOwners(auth: ServiceProcess, mails: AuthMailbox, ...companies: { slug: string; owner: string; id: string }[]): Promise<void> {
  for (const company of companies) company.id = await announceTenant(company.slug, company.owner);
  for (const company of companies) expect(await activateFromMail(auth, mails, company.owner)).toBe(204);
}

/** `POST /v1/sessions` with `goodPassword` (and a second factor, if given); the answer as it is. */
export function logIn(auth: ServiceProcess, slug: string, email: string, secondFactor: { oneTimeCode?: string; recoveryCode?: string } = {}): Promise<HttpAnswer> {
  return call(auth.baseUrl, 'POST', '/v1/sessions', { body: { tenant: slug, email, password: goodPassword, ...secondFactor } });
}

/** Logs in, expecting success: the session's tokens. */
export async function openSession(auth: ServiceProcess, slug: string, email: string): Promise<{ accessToken: string; refreshToken: string }> {
  const session = await logIn(auth, slug, email);
  expect(session.status).toBe(200);
  return session.body as { accessToken: string; refreshToken: string };
}

/**
 * Invites `invitee` as the holder of `inviterToken` (as the team screen does), expecting 201, and
 * notes the new account's id. By default named `<role> 花子`, with `departmentIds` left out.
 */
export async function invite(
  auth: ServiceProcess,
  inviterToken: string,
  invitee: { role: Role; email: string; id: string },
  { displayName = `${invitee.role} 花子`, departmentIds }: { displayName?: string; departmentIds?: string[] } = {},
): Promise<void> {
  const invited = await call(auth.baseUrl, 'POST', '/v1/invitations', { token: inviterToken, body: { email: invitee.email, displayName, role: invitee.role, departmentIds } });
  expect(invited.status).toBe(201);
  invitee.id = invited.body.id as string;
}

/** Invites `invitee` and activates the account from the invitation mail, expecting both to succeed. */
export async function inviteAndActivate(
  auth: ServiceProcess,
  mails: AuthMailbox,
  inviterToken: string,
  invitee: { role: Role; email: string; id: string },
  options: { displayName?: string; departmentIds?: string[] } = {},
): Promise<void> {
  await invite(auth, inviterToken, invitee, options);
  expect(await activateFromMail(auth, mails, invitee.email)).toBe(204);
}
