import { ApiError } from '../api/api-error';
import { explainRefusal, groupedSecret, isAlreadySetUp, oneTimeCodeOf, qrCodeDataUrl, recoveryCodesFile } from './two-step-setup';

describe('two-step set-up', () => {
  it('groups the key in fours for typing by hand, whatever spacing it came with', () => {
    expect(groupedSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(groupedSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    expect(groupedSecret(' AB CD\nEF ')).toBe('ABCD EF');
    expect(groupedSecret('')).toBe('');
  });

  it('takes a 6-digit code as the app shows it, and nothing else', () => {
    expect(oneTimeCodeOf('123456')).toBe('123456');
    expect(oneTimeCodeOf(' 123 456 ')).toBe('123456');
    expect(oneTimeCodeOf('12345')).toBeUndefined();
    expect(oneTimeCodeOf('1234567')).toBeUndefined();
    expect(oneTimeCodeOf('12a456')).toBeUndefined();
  });

  it('draws the otpauth URI as an SVG image in a data: URL (what the CSP allows for <img>)', async () => {
    const url = await qrCodeDataUrl('otpauth://totp/Anpi:owner%40example.test?issuer=Anpi&secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30');
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    const svg = decodeURIComponent(url.slice(url.indexOf(',') + 1));
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toContain('<script');
  });

  it('writes the recovery codes as a text file that says whose they are, one code a line', () => {
    const codes = Array.from({ length: 10 }, (_, index) => `AAAA-BBBB-CCCC-DD${String(index).padStart(2, '2')}`);
    const file = recoveryCodesFile(codes, { title: 'Recovery codes', account: 'Company ID: acme  E-mail: a@acme.test', created: 'Created: 07/12/2026', note: 'Each code works once.' }, 'acme');
    expect(file.name).toBe('anpi-recovery-codes-acme.txt');
    const lines = file.text.split('\r\n');
    expect(lines.slice(0, 5)).toEqual(['Recovery codes', 'Company ID: acme  E-mail: a@acme.test', 'Created: 07/12/2026', 'Each code works once.', '']);
    expect(lines.slice(5, 15)).toEqual(codes.map((code, index) => `${String(index + 1).padStart(2, ' ')}. ${code}`));
    expect(file.text.endsWith('\r\n')).toBe(true);
    expect(file.text).not.toMatch(/[^\r]\n/);
    // A slug is already safe in a file name; anything else is not let through.
    expect(recoveryCodesFile(codes, { title: '', account: '', created: '', note: '' }, '../x y').name).toBe('anpi-recovery-codes-___x_y.txt');
  });

  it('words each refusal of a log-in or set-up step by what to do next', () => {
    const error = (status: number, code: string, retryAfterSeconds?: number) => new ApiError(status, code, 'message', undefined, [], retryAfterSeconds);
    expect(explainRefusal(error(429, 'Too Many Requests', 900))).toEqual({ key: 'twoStep.throttled', values: { minutes: 15 } });
    expect(explainRefusal(error(429, 'Too Many Requests', 61))).toEqual({ key: 'twoStep.throttled', values: { minutes: 2 } });
    expect(explainRefusal(error(429, 'Too Many Requests', 5))).toEqual({ key: 'twoStep.throttled', values: { minutes: 1 } });
    expect(explainRefusal(error(429, 'Too Many Requests'))).toEqual({ key: 'error.tooMany' });
    expect(explainRefusal(error(401, 'mfa_code_wrong'), 'app')).toEqual({ key: 'login.codeWrong' });
    expect(explainRefusal(error(401, 'mfa_code_wrong'), 'recovery')).toEqual({ key: 'login.recoveryCodeWrong' });
    expect(explainRefusal(error(401, 'mfa_code_wrong'), 'set-up')).toEqual({ key: 'twoStep.codeWrong' });
    expect(explainRefusal(error(401, 'Unauthorized'))).toEqual({ key: 'login.failed' });
    expect(explainRefusal(error(403, 'mfa_enrollment_required'))).toEqual({ key: 'login.enrollmentRequired' });
    expect(explainRefusal(error(403, 'Forbidden'))).toEqual({ key: 'twoStep.notForRole' });
    expect(explainRefusal(error(409, 'Conflict'))).toEqual({ key: 'twoStep.alreadySetUp' });
    // Said the same way on every screen: ErrorNotice words them.
    expect(explainRefusal(error(403, 'tenant_suspended'))).toBeUndefined();
    expect(explainRefusal(error(503, 'Service Unavailable'))).toBeUndefined();
    expect(explainRefusal(new TypeError('boom'))).toBeUndefined();
  });

  it('knows an already set-up second factor by its 409', () => {
    expect(isAlreadySetUp(new ApiError(409, 'Conflict', 'already set up'))).toBe(true);
    expect(isAlreadySetUp(new ApiError(401, 'Unauthorized', 'wrong'))).toBe(false);
    expect(isAlreadySetUp(undefined)).toBe(false);
  });
});
