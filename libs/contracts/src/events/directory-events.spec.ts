import { buildEnvelope } from '../envelope';
import { topicForEvent, validateEvent } from '../event-registry';

const tenantId = '0190f5e8-7f3a-7cc1-9a51-5f3c2f4d9b10';
const employeeId = '0190f5e8-7f3a-7cc1-9a51-5f3c2f4d9b11';
const upserted = {
  employeeId,
  employeeNumber: 'E-0001',
  departmentIds: [],
  groupIds: [],
  workPrefecture: '13',
  homePrefecture: null,
  language: 'ja',
  active: true,
  sealedContacts: 'v1.localevent1.aXY.dGFn.Ym9keQ',
};

describe('directory event contracts', () => {
  it('accepts each directory event and routes it to its own topic', () => {
    const events = [
      ['employee.upserted', upserted],
      ['employee.removed', { employeeId, reason: 'purged' }],
      ['department.changed', { departmentId: employeeId, parentId: null, path: [employeeId], name: '本社', deleted: false }],
    ] as const;
    for (const [type, payload] of events) {
      expect(validateEvent(JSON.stringify(buildEnvelope({ type, version: 1, tenantId, payload })))).toMatchObject({ ok: true });
      expect(topicForEvent(type)).toBe(type);
    }
  });

  it.each([
    ['plaintext contacts', { ...upserted, sealedContacts: 'hanako@example.jp' }, /sealedContacts/],
    ['an extra plaintext field', { ...upserted, companyEmail: 'hanako@example.jp' }, /Unrecognized key/],
    ['a prefecture outside 01–47', { ...upserted, workPrefecture: '48' }, /workPrefecture/],
  ])('refuses %s in employee.upserted', (_case, payload, reason) => {
    const result = validateEvent(JSON.stringify(buildEnvelope({ type: 'employee.upserted', version: 1, tenantId, payload })));
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });
});
