import { buildEnvelope, EventType, topicForEvent } from '@anpi/contracts';
import { ensureAnpiTopics, MailCatcher, readLocalStackSettings, waitFor } from '@anpi/testing';
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
