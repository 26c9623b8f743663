import { randomBytes, randomUUID } from 'node:crypto';
import { AnswerTokenIssuer, answerLink, hashAnswerToken } from './answer-token';

describe('answer tokens', () => {
  const issuer = new AnswerTokenIssuer(randomBytes(32));
  const alertId = randomUUID();
  const recipientId = randomUUID();

  it('is 256 bits, URL-safe, and the same for every re-send to the same person', () => {
    const token = issuer.tokenFor(alertId, recipientId);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issuer.tokenFor(alertId, recipientId)).toBe(token);
  });

  it('differs per recipient, per alert and per key', () => {
    const token = issuer.tokenFor(alertId, recipientId);
    expect(issuer.tokenFor(alertId, randomUUID())).not.toBe(token);
    expect(issuer.tokenFor(randomUUID(), recipientId)).not.toBe(token);
    expect(new AnswerTokenIssuer(randomBytes(32)).tokenFor(alertId, recipientId)).not.toBe(token);
  });

  it('cannot be confused by moving bytes between the alert and recipient ids', () => {
    expect(issuer.tokenFor('ab', 'c')).not.toBe(issuer.tokenFor('a', 'bc'));
  });

  it('stores only a hash that reveals nothing of the token', () => {
    const token = issuer.tokenFor(alertId, recipientId);
    const hash = hashAnswerToken(token);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toBe(token);
    expect(hashAnswerToken(token)).toBe(hash);
  });

  it('refuses a short key', () => {
    expect(() => new AnswerTokenIssuer(randomBytes(16))).toThrow(/32 bytes/);
  });

  it('builds https links unless the tenant allows plain http and a plain-http host exists', () => {
    const settings = { httpsBaseUrl: 'https://anpi.example.com/', plainHttpBaseUrl: 'http://m.anpi.example.com' };
    expect(answerLink(settings, 'tok', false)).toBe('https://anpi.example.com/a/tok');
    expect(answerLink(settings, 'tok', true)).toBe('http://m.anpi.example.com/a/tok');
    expect(answerLink({ httpsBaseUrl: 'https://anpi.example.com' }, 'tok', true)).toBe('https://anpi.example.com/a/tok');
  });
});
