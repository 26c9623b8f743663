import { operatorBootstrapVariables } from './bootstrap-operator';

describe('operator bootstrap variables', () => {
  const valid = {
    PLATFORM_OPERATOR_EMAIL: 'ops@anpi.example',
    PLATFORM_OPERATOR_DISPLAY_NAME: '運用 太郎',
    PLATFORM_OPERATOR_PASSWORD: 'lantern harbour quiet 42',
    PLATFORM_OPERATOR_TOTP_SECRET: 'jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp',
  };

  it('accepts a TOTP secret written in groups and lower case, as apps show it', () => {
    expect(operatorBootstrapVariables.parse(valid).PLATFORM_OPERATOR_TOTP_SECRET).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
  });

  it.each([
    ['a secret under 160 bits', { PLATFORM_OPERATOR_TOTP_SECRET: 'JBSWY3DPEHPK3PXP' }],
    ['a secret that is not base32', { PLATFORM_OPERATOR_TOTP_SECRET: 'JBSWY3DPEHPK3PXP0189JBSWY3DPEHPK' }],
    ['a missing password', { PLATFORM_OPERATOR_PASSWORD: undefined }],
    ['an invalid e-mail', { PLATFORM_OPERATOR_EMAIL: 'ops' }],
    ['an empty display name', { PLATFORM_OPERATOR_DISPLAY_NAME: '  ' }],
  ])('refuses %s', (_case, change) => {
    expect(operatorBootstrapVariables.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});
