import { alertDispatchServiceConfigSchema } from './config';

describe('MAIL_FROM', () => {
  const mailFrom = alertDispatchServiceConfigSchema.shape.MAIL_FROM;

  it('defaults to the installation sender and takes one address with or without a name', () => {
    expect(mailFrom.parse(undefined)).toBe('Anpi <no-reply@anpi.example>');
    expect(mailFrom.parse('安否確認 <anpi@acme.example>')).toBe('安否確認 <anpi@acme.example>');
    expect(mailFrom.parse('anpi@acme.example')).toBe('anpi@acme.example');
  });

  it.each(['anpi', 'a@acme.example, b@acme.example'])('refuses %s', (value) => {
    expect(mailFrom.safeParse(value).error?.issues[0].message).toContain('one e-mail address');
  });
});
