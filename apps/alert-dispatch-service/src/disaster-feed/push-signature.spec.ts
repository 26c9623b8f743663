import { isValidPushSignature, signPushBody } from './push-signature';

describe('push signature', () => {
  const key = 'k'.repeat(40);
  const body = Buffer.from('<Report/>');

  it('accepts the signature of the exact body', () => {
    expect(isValidPushSignature(key, body, signPushBody(key, body))).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['another key', signPushBody('x'.repeat(40), body)],
    ['another body', signPushBody(key, Buffer.from('<Report />'))],
    ['a truncated signature', signPushBody(key, body).slice(0, 40)],
    ['a bare hex digest', signPushBody(key, body).slice('sha256='.length)],
  ])('refuses %s', (_case, header) => {
    expect(isValidPushSignature(key, body, header)).toBe(false);
  });
});
