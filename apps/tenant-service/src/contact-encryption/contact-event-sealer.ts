import { FieldCipher } from '@anpi/field-encryption';
import { ContactPoints } from './contact-vault';

/** What dispatch needs to address and greet a recipient; sealed inside `employee.upserted`. */
export interface SealedRecipientDetails extends ContactPoints {
  nameKanji: string;
  nameKana: string;
}

/**
 * Seals contact data for directory events under the installation's event key ring, which
 * only tenant-service and dispatch hold: Kafka, its retention and the outbox see ciphertext.
 * Bound to tenant and employee, so a sealed value replayed under another employee fails.
 */
export class ContactEventSealer {
  constructor(private readonly cipher: FieldCipher) {}

  seal(tenantId: string, employeeId: string, details: SealedRecipientDetails): string {
    return this.cipher.encrypt(JSON.stringify(details), eventBinding(tenantId, employeeId));
  }

  open(tenantId: string, employeeId: string, sealed: string): SealedRecipientDetails {
    return JSON.parse(this.cipher.decrypt(sealed, eventBinding(tenantId, employeeId))) as SealedRecipientDetails;
  }
}

function eventBinding(tenantId: string, employeeId: string): string {
  return `employee.upserted/${tenantId}/${employeeId}`;
}
