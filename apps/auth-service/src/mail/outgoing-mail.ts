import { FieldCipher } from '@anpi/field-encryption';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { z } from 'zod';

const mailSchema = z.object({ to: z.string(), subject: z.string(), text: z.string() }).strict();
export type Mail = z.infer<typeof mailSchema>;

/**
 * Queues a mail in the caller's transaction: it is sent if and only if the decision to send
 * it commits (see MailRelay). Encrypted, because it names a person and may carry a
 * single-use link; the associated data binds the ciphertext to its row.
 */
export class OutgoingMails {
  constructor(private readonly cipher: FieldCipher) {}

  async enqueue(manager: EntityManager, mail: Mail): Promise<void> {
    const id = randomUUID();
    await manager.query('INSERT INTO outgoing_mails (id, envelope_cipher) VALUES ($1, $2)', [id, this.cipher.encrypt(JSON.stringify(mail), `outgoing_mails/${id}`)]);
  }

  open(id: string, envelopeCipher: string): Mail {
    return mailSchema.parse(JSON.parse(this.cipher.decrypt(envelopeCipher, `outgoing_mails/${id}`)));
  }
}
