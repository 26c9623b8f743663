import { createAlertCommandSchema } from './create-alert.command';

describe('createAlertCommandSchema', () => {
  const minimal = { title: '安否確認', message: '回答してください', target: { kind: 'all' } };

  it('fills the defaults a crisis team expects', () => {
    expect(createAlertCommandSchema.parse(minimal)).toMatchObject({
      channels: ['email'],
      drill: false,
      resend: { intervalMinutes: 15, maxRounds: 4 },
      autoCloseAfterHours: 72,
    });
  });

  it('leaves the questions unset when none are sent (CreateAlert picks the tenant\'s set or the defaults)', () => {
    expect(createAlertCommandSchema.parse(minimal).questions).toBeUndefined();
  });

  it.each([
    ['an unknown field', { ...minimal, priority: 'high' }, '(root)'],
    ['a repeated channel', { ...minimal, channels: ['email', 'email'] }, 'channels'],
    ['an unknown channel', { ...minimal, channels: ['fax'] }, 'channels.0'],
    ['a prefecture code out of range', { ...minimal, target: { kind: 'prefectures', prefectureCodes: ['48'] } }, 'target.prefectureCodes.0'],
    ['an empty department list', { ...minimal, target: { kind: 'departments', departmentIds: [] } }, 'target.departmentIds'],
    ['duplicate question ids', { ...minimal, questions: [{ id: 'q', kind: 'text', label: { ja: 'a', en: 'a' } }, { id: 'q', kind: 'text', label: { ja: 'b', en: 'b' } }] }, 'questions'],
    [
      'duplicate choice ids within a question',
      { ...minimal, questions: [{ id: 'q', kind: 'choice', label: { ja: 'a', en: 'a' }, choices: [{ id: 'x', label: { ja: 'x', en: 'x' } }, { id: 'x', label: { ja: 'y', en: 'y' } }] }] },
      'questions.0.choices',
    ],
    ['a re-send every minute', { ...minimal, resend: { intervalMinutes: 1, maxRounds: 4 } }, 'resend.intervalMinutes'],
    ['an empty title', { ...minimal, title: '   ' }, 'title'],
  ])('rejects %s at %s', (_case, input, path) => {
    const result = createAlertCommandSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.') || '(root)')).toContain(path);
  });
});
