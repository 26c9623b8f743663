import { randomBytes } from 'node:crypto';
import { parseKeyRing } from './key-ring';

const key = () => randomBytes(32).toString('base64');

describe('parseKeyRing', () => {
  it('reads every key with its id', () => {
    const first = key();
    const ring = parseKeyRing(`m1:${first}, m2:${key()}`);
    expect([...ring.keys()]).toEqual(['m1', 'm2']);
    expect(ring.get('m1')?.toString('base64')).toBe(first);
  });

  it.each([
    ['a short key', `m1:${randomBytes(16).toString('base64')}`, /32 bytes/],
    ['a missing id', `:${key()}`, /keyId/],
    ['an id that is not url-safe', `m.1:${key()}`, /keyId/],
    ['a repeated id', `m1:${key()},m1:${key()}`, /appears twice/],
    ['an empty value', '', /keyId/],
  ])('refuses %s', (_case, text, message) => {
    expect(() => parseKeyRing(text)).toThrow(message);
  });
});
