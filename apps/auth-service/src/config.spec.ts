import { authServiceConfigSchema } from './config';

describe('MAIL_FROM', () => {
  const mailFrom = authServiceConfigSchema.shape.MAIL_FROM;

  it('takes one address with or without a name, and refuses a list at start', () => {
    expect(mailFrom.parse(undefined)).toBe('Anpi <no-reply@anpi.example>');
    expect(mailFrom.parse('安否確認 <no-reply@acme.example>')).toBe('安否確認 <no-reply@acme.example>');
    expect(mailFrom.safeParse('a@acme.example, b@acme.example').error?.issues[0].message).toContain('one e-mail address');
  });
});
