import { splitMailSender } from '@anpi/config';
import { encodeWord, encodeWords, foldLines } from 'nodemailer/lib/mime-funcs';
import { z } from 'zod';

/** What the adapter accepts as an address: ASCII only, so it goes into a header as it is. */
export const emailAddress = z.email();

/** The tenant's sender, worked out once per settings: the From header, the envelope's MAIL FROM and the Message-IDs' domain. */
export interface MailSender {
  header: string;
  address: string;
  domain: string;
}

/** One safety-check mail: a text and an HTML part of the same message, for one recipient. */
export interface SafetyCheckMail {
  deliveryId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

const lineBreak = '\r\n';
const bodyLineLength = 76;
// Anything a header line cannot carry: a line break in a rendered subject must not start a header of its own.
const headerBreakingCharacters = /[\x00-\x1f\x7f]+/g;

/** Parses the tenant's `from` setting ("Name <address>" or an address); undefined when it is not exactly one e-mail address. */
export function parseMailSender(from: string): MailSender | undefined {
  const parts = splitMailSender(from);
  if (!parts) return undefined;
  const { name, address } = parts;
  return { address, domain: address.slice(address.lastIndexOf('@') + 1), header: name ? `${encodedDisplayName(name)} <${address}>` : address };
}

function encodedDisplayName(name: string): string {
  if (/^[\w ]*$/.test(name)) return name;
  return /^[\x20-\x7e]*$/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodeWord(name, 'B', 52);
}

/**
 * The whole message as SMTP DATA, built in one pass. nodemailer's composer streams every
 * message through several stream pipelines and writes each piece to the socket on its own,
 * which cost about two thirds of a sender's CPU per mail (docs/benchmarks.md); every mail of an
 * alert has this same fixed shape, so it is composed here, with nodemailer's own RFC 2047
 * encoding for the headers, and handed to the pooled transport as `raw`.
 *
 * The Message-ID is the delivery's, so a retried send is recognisably the same message;
 * `Auto-Submitted` and `X-Auto-Response-Suppress` keep out-of-office replies from flooding the
 * sender's mailbox when a whole company is asked at once.
 */
export function composeSafetyCheckMail(sender: MailSender, mail: SafetyCheckMail, now: Date): { messageId: string; raw: string } {
  const messageId = `<${mail.deliveryId}@${sender.domain}>`;
  const boundary = `anpi-${mail.deliveryId}`;
  const subject = encodeWords(mail.subject.replace(headerBreakingCharacters, ' '), 'B', 52);
  const headers = [
    `From: ${sender.header}`,
    `To: ${mail.to}`,
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    `Date: ${now.toUTCString().replace(/GMT/, '+0000')}`,
    'MIME-Version: 1.0',
    'Auto-Submitted: auto-generated',
    'X-Auto-Response-Suppress: All',
    `X-Anpi-Delivery-Id: ${mail.deliveryId}`,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ].map((header) => foldLines(header, 76));
  // Base64 never holds a '-', so no line of either part can look like the boundary.
  const raw = [
    ...headers,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(mail.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(mail.html),
    `--${boundary}--`,
    '',
  ].join(lineBreak);
  return { messageId, raw };
}

function base64Lines(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let start = 0; start < encoded.length; start += bodyLineLength) lines.push(encoded.slice(start, start + bodyLineLength));
  return lines.join(lineBreak);
}
