import { InvalidRecipientRequest, parseRecipientRequest } from './recipient-request';

const tenantId = '3f0f5c2e-8f3a-4c1e-9a57-0d6f1b2c3d4e';
const employeeId = '8b4e2f10-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

/** What the proto loader produces for a request (keepCase, defaults, oneofs, enums as strings). */
function wireRequest(target: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return { tenant_id: tenantId, target, after_employee_id: '', ...overrides };
}

function refusal(request: unknown): InvalidRecipientRequest {
  try {
    parseRecipientRequest(request);
  } catch (error) {
    if (error instanceof InvalidRecipientRequest) return error;
    throw error;
  }
  throw new Error('the request was accepted');
}

describe('parseRecipientRequest', () => {
  it.each([
    ['everyone', { kind: 'all', all: {} }, { kind: 'all' }],
    ['departments', { kind: 'departments', departments: { ids: [employeeId] } }, { kind: 'departments', departmentIds: [employeeId] }],
    ['groups', { kind: 'groups', groups: { ids: [employeeId] } }, { kind: 'groups', groupIds: [employeeId] }],
    ['employees', { kind: 'employees', employees: { ids: [employeeId] } }, { kind: 'employees', employeeIds: [employeeId] }],
    ['home prefectures', { kind: 'prefectures', prefectures: { codes: ['13', '47'], match: 'HOME' } }, { kind: 'prefectures', codes: ['13', '47'], match: 'HOME' }],
    ['an unspecified match as work or home', { kind: 'prefectures', prefectures: { codes: ['01'], match: 'MATCH_UNSPECIFIED' } }, { kind: 'prefectures', codes: ['01'], match: 'WORK_OR_HOME' }],
  ])('reads a target of %s', (_case, target, expected) => {
    expect(parseRecipientRequest(wireRequest(target))).toEqual({ tenantId, target: expected, afterEmployeeId: null });
  });

  it('keeps the resume cursor', () => {
    expect(parseRecipientRequest(wireRequest({ kind: 'all', all: {} }, { after_employee_id: employeeId })).afterEmployeeId).toBe(employeeId);
  });

  it.each([
    ['tenant_id', wireRequest({ kind: 'all', all: {} }, { tenant_id: 'not-a-uuid' })],
    ['after_employee_id', wireRequest({ kind: 'all', all: {} }, { after_employee_id: '42' })],
    ['target.prefectures.codes.0', wireRequest({ kind: 'prefectures', prefectures: { codes: ['48'], match: 'WORK' } })],
    ['target.prefectures.codes', wireRequest({ kind: 'prefectures', prefectures: { codes: [], match: 'WORK' } })],
    ['target.departments.ids.1', wireRequest({ kind: 'departments', departments: { ids: [employeeId, 'x'] } })],
    ['target.employees.ids', wireRequest({ kind: 'employees', employees: { ids: [] } })],
    ['target.kind', wireRequest({})],
    ['target.kind', { tenant_id: tenantId, after_employee_id: '' }],
  ])('names the field %s when it is invalid', (field, request) => {
    expect(refusal(request).field).toBe(field);
  });
});
