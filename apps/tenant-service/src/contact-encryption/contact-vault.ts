import { FieldCipher, TenantBlindIndex, normaliseEmail, normalisePhone } from '@anpi/field-encryption';

/** How to reach an employee. Exists in plaintext only in memory, never in a column or an event. */
export interface ContactPoints {
  companyEmail: string | null;
  privateEmails: string[];
  mobilePhone: string | null;
  /** The id the company's LINE official account knows the person by (U + 32 hex digits). */
  lineUserId: string | null;
}

/** The columns of `employees` that hold contact data: ciphertexts under one data key, and blind indexes. */
export interface SealedContacts {
  dataKeyId: string;
  companyEmailCiphertext: string | null;
  companyEmailLookup: string | null;
  privateEmailsCiphertext: string | null;
  privateEmailLookups: string[];
  mobilePhoneCiphertext: string | null;
  mobilePhoneLookup: string | null;
  lineUserIdCiphertext: string | null;
}

/** What opening needs: the ciphertexts alone (lookups are for finding rows, not for reading them). */
export type ContactCiphertexts = Pick<SealedContacts, 'companyEmailCiphertext' | 'privateEmailsCiphertext' | 'mobilePhoneCiphertext' | 'lineUserIdCiphertext'>;

export const noContactPoints: ContactPoints = { companyEmail: null, privateEmails: [], mobilePhone: null, lineUserId: null };

/**
 * Encrypts an employee's contact points under the tenant's data key, each bound (associated
 * data) to tenant, employee and field, so a ciphertext copied to another row or field does
 * not decrypt. Lookups are per-tenant keyed HMACs of the normalised value.
 */
export class ContactVault {
  constructor(private readonly blindIndex: TenantBlindIndex) {}

  seal(cipher: FieldCipher, tenantId: string, employeeId: string, contacts: ContactPoints): SealedContacts {
    const bind = (field: string) => `${tenantId}/employees/${employeeId}/${field}`;
    const companyEmail = contacts.companyEmail === null ? null : normaliseEmail(contacts.companyEmail);
    const privateEmails = contacts.privateEmails.map(normaliseEmail);
    const mobilePhone = contacts.mobilePhone === null ? null : normalisePhone(contacts.mobilePhone);
    return {
      dataKeyId: cipher.activeKeyId,
      companyEmailCiphertext: companyEmail === null ? null : cipher.encrypt(companyEmail, bind('company_email')),
      companyEmailLookup: companyEmail === null ? null : this.emailLookup(tenantId, companyEmail),
      privateEmailsCiphertext: privateEmails.length === 0 ? null : cipher.encrypt(JSON.stringify(privateEmails), bind('private_emails')),
      privateEmailLookups: privateEmails.map((email) => this.emailLookup(tenantId, email)),
      mobilePhoneCiphertext: mobilePhone === null ? null : cipher.encrypt(mobilePhone, bind('mobile_phone')),
      mobilePhoneLookup: mobilePhone === null ? null : this.phoneLookup(tenantId, mobilePhone),
      lineUserIdCiphertext: contacts.lineUserId === null ? null : cipher.encrypt(contacts.lineUserId, bind('line_user_id')),
    };
  }

  open(cipher: FieldCipher, tenantId: string, employeeId: string, sealed: ContactCiphertexts): ContactPoints {
    const bind = (field: string) => `${tenantId}/employees/${employeeId}/${field}`;
    return {
      companyEmail: sealed.companyEmailCiphertext === null ? null : cipher.decrypt(sealed.companyEmailCiphertext, bind('company_email')),
      privateEmails: sealed.privateEmailsCiphertext === null ? [] : (JSON.parse(cipher.decrypt(sealed.privateEmailsCiphertext, bind('private_emails'))) as string[]),
      mobilePhone: sealed.mobilePhoneCiphertext === null ? null : cipher.decrypt(sealed.mobilePhoneCiphertext, bind('mobile_phone')),
      lineUserId: sealed.lineUserIdCiphertext === null ? null : cipher.decrypt(sealed.lineUserIdCiphertext, bind('line_user_id')),
    };
  }

  emailLookup(tenantId: string, email: string): string {
    return this.blindIndex.of(tenantId, 'email', normaliseEmail(email));
  }

  phoneLookup(tenantId: string, phone: string): string {
    return this.blindIndex.of(tenantId, 'phone', normalisePhone(phone));
  }
}
