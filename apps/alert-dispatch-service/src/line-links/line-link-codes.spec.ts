import { LineLinkCodes, lineChatUrl } from './line-link-codes';

const tenant = '0193f0c8-0000-7000-8000-0000000000aa';
const person = '0193f0c8-1111-7222-8333-444455556666';
const issuedAt = new Date('2026-12-07T00:00:00Z');
const codes = new LineLinkCodes(Buffer.alloc(32, 9));

describe('LINE link codes', () => {
  it('names the employee they were issued for, within the day they are valid', () => {
    const { code, expiresAt } = codes.issue(tenant, person, issuedAt);
    expect(code).toMatch(/^ANPI-[A-Za-z0-9_-]{48}$/);
    expect(expiresAt.toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(codes.recipientIn(tenant, `安否確認をLINEで受け取る ${code}`, new Date('2026-12-07T23:59:59Z'))).toBe(person);
    expect(codes.recipientIn(tenant, code, expiresAt)).toBeUndefined();
  });

  it('is worthless at another company, altered, or under another key', () => {
    const { code } = codes.issue(tenant, person, issuedAt);
    expect(codes.recipientIn('0193f0c8-0000-7000-8000-0000000000bb', code, issuedAt)).toBeUndefined();
    const altered = code.slice(0, 10) + (code[10] === 'A' ? 'B' : 'A') + code.slice(11);
    expect(codes.recipientIn(tenant, altered, issuedAt)).toBeUndefined();
    expect(new LineLinkCodes(Buffer.alloc(32, 8)).recipientIn(tenant, code, issuedAt)).toBeUndefined();
    expect(codes.recipientIn(tenant, 'こんにちは', issuedAt)).toBeUndefined();
    expect(LineLinkCodes.mentionsCode(`x ${code} y`)).toBe(true);
  });

  it("opens a chat with the company's official account, the message typed in", () => {
    expect(lineChatUrl('@acme', '連携 ANPI-x')).toBe('https://line.me/R/oaMessage/%40acme/?%E9%80%A3%E6%90%BA%20ANPI-x');
  });
});
