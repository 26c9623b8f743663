import { InvalidAlertRequest, parseCreateAlertRequest, parseGetAlertRequest } from './grpc-alert-request';

describe('parseCreateAlertRequest', () => {
  // As @grpc/proto-loader hands a request over with `defaults: true`: unset strings are '', unset optionals absent.
  const request = {
    tenant_id: '0193f0c8-0000-7000-8000-000000000001',
    idempotency_key: '',
    title: '安否確認',
    message: '回答してください',
    target_json: '{"kind":"all"}',
    channels: [],
    drill: false,
    created_by: '',
    questions_json: '',
  };

  it('gives the REST defaults for everything the caller left unset', () => {
    expect(parseCreateAlertRequest(request)).toMatchObject({
      tenantId: request.tenant_id,
      idempotencyKey: undefined,
      createdBy: '',
      command: { target: { kind: 'all' }, channels: ['email'], resend: { intervalMinutes: 15, maxRounds: 4 }, autoCloseAfterHours: 72 },
    });
    // No questions: CreateAlert gives the tenant's own set, or Anpi's defaults.
    expect(parseCreateAlertRequest(request).command.questions).toBeUndefined();
  });

  it('keeps an explicit zero of an optional field (no re-sends)', () => {
    const parsed = parseCreateAlertRequest({ ...request, resend_max_rounds: 0, widen_to_all_after_minutes: 20, idempotency_key: 'hr-batch-0001' });
    expect(parsed.command).toMatchObject({ resend: { intervalMinutes: 15, maxRounds: 0 }, widenToAllAfterMinutes: 20 });
    expect(parsed.idempotencyKey).toBe('hr-batch-0001');
  });

  it.each([
    ['questions that are not JSON', { questions_json: '[' }, 'questions_json: not valid JSON'],
    ['an auto-close of zero hours', { auto_close_after_hours: 0 }, 'autoCloseAfterHours'],
    ['a created_by too long to record', { created_by: 'x'.repeat(61) }, 'created_by'],
    ['an idempotency key with spaces', { idempotency_key: 'key with spaces' }, 'idempotency_key'],
  ])('refuses %s, naming it', (_case, overrides, named) => {
    expect(() => parseCreateAlertRequest({ ...request, ...overrides })).toThrow(InvalidAlertRequest);
    expect(() => parseCreateAlertRequest({ ...request, ...overrides })).toThrow(named);
  });
});

describe('parseGetAlertRequest', () => {
  it('refuses an alert id that is not a uuid', () => {
    expect(() => parseGetAlertRequest({ tenant_id: '0193f0c8-0000-7000-8000-000000000001', alert_id: '1' })).toThrow('alert_id');
  });
});
