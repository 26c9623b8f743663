import { OutgoingEvent } from '@anpi/messaging';
import { FieldCipher } from '@anpi/field-encryption';
import { ContactEventSealer } from '@anpi/field-encryption';
import { ContactVault } from '../contact-encryption/contact-vault';
import { EmployeeRecord } from './employee-record';

/**
 * `employee.upserted` carries the whole recipient state (not a diff), so dispatch's projection
 * converges from any single event; contact data travels sealed for dispatch only.
 */
export class EmployeeSnapshots {
  constructor(
    private readonly vault: ContactVault,
    private readonly sealer: ContactEventSealer,
  ) {}

  upserted(tenantId: string, cipher: FieldCipher, employee: EmployeeRecord): OutgoingEvent {
    const contacts = this.vault.open(cipher, tenantId, employee.id, employee.sealed);
    return {
      type: 'employee.upserted',
      version: 1,
      tenantId,
      payload: {
        employeeId: employee.id,
        employeeNumber: employee.employeeNumber,
        departmentIds: employee.departmentIds,
        groupIds: employee.groupIds,
        workPrefecture: employee.workPrefecture,
        homePrefecture: employee.homePrefecture,
        language: employee.language,
        active: employee.status === 'active',
        sealedContacts: this.sealer.seal(tenantId, employee.id, { nameKanji: employee.nameKanji, nameKana: employee.nameKana, ...contacts }),
      },
    };
  }

  removed(tenantId: string, employeeId: string, reason: 'deleted' | 'purged'): OutgoingEvent {
    return { type: 'employee.removed', version: 1, tenantId, payload: { employeeId, reason } };
  }
}
