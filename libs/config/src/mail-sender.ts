import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';

const emailAddress = z.email();

/** A sender split into its parts: `name` is '' when there is none. */
export interface MailSenderParts {
  name: string;
  address: string;
}

/**
 * "Name <address>" or a bare address, split with nodemailer's own parser (the one that will
 * read it when the mail is sent); undefined unless it is exactly one valid address — a list
 * would make every recipient's mail come "from" several senders, and the envelope from the first.
 */
export function splitMailSender(from: string): MailSenderParts | undefined {
  const parsed = addressparser(from, { flatten: true });
  if (parsed.length !== 1 || !emailAddress.safeParse(parsed[0].address).success) return undefined;
  return { name: parsed[0].name, address: parsed[0].address };
}

/** An e-mail sender (the installation's `MAIL_FROM`, a tenant's `from`): one address, with or without a name. */
export const mailSender = z
  .string()
  .min(3)
  .max(320)
  .refine((from) => splitMailSender(from) !== undefined, 'one e-mail address, optionally with a name: Name <anpi@example.jp>');
