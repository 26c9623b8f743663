import { FieldCipher } from './field-cipher';

/** What dispatch needs to address and greet a recipient; sealed inside `employee.upserted`. */
export interface DirectoryContactDetails {
  nameKanji: string;
  nameKana: string;
  companyEmail: string | null;
  privateEmails: string[];
  mobilePhone: string | null;
  /** Absent in events sealed before LINE contacts existed (they still sit in Kafka and the outbox). */
  lineUserId?: string | null;
}

/**
 * Seals contact data for directory events under the installation's event key ring, which
 * only tenant-service (sealing) and dispatch (opening, to send) hold: Kafka, its retention
 * and the outbox see ciphertext. Bound to tenant and employee, so a sealed value replayed
 * under another employee does not open.
 */
export class ContactEventSealer {
  constructor(private readonly cipher: FieldCipher) {}

  seal(tenantId: string, employeeId: string, details: DirectoryContactDetails): string {
    return this.cipher.encrypt(JSON.stringify(details), eventBinding(tenantId, employeeId));
  }

  open(tenantId: string, employeeId: string, sealed: string): DirectoryContactDetails {
    return JSON.parse(this.cipher.decrypt(sealed, eventBinding(tenantId, employeeId))) as DirectoryContactDetails;
  }
}

function eventBinding(tenantId: string, employeeId: string): string {
  return `employee.upserted/${tenantId}/${employeeId}`;
}
