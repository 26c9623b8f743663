import { effectiveChannelSettings, redactChannelSettings } from './tenant-channel-settings.store';

describe('tenant channel settings', () => {
  const installation = { email: { host: 'smtp.installation.example', port: 587, secure: false, from: 'anpi@installation.example' } };

  it('replaces every credential with "(stored)" and keeps what an admin needs to recognise the setting', () => {
    const redacted = redactChannelSettings({
      email: { host: 'smtp.acme.example', port: 465, secure: true, from: 'a@acme.example', auth: { user: 'acme', pass: 'p' } },
      'web-push': { vapidSubject: 'mailto:ops@acme.example', vapidPublicKey: 'B'.repeat(87), vapidPrivateKey: 'k'.repeat(43), timeToLiveSeconds: 60 },
      sms: { baseUrl: 'https://api.twilio.example', accountSid: 'AC0123456789', authToken: 'token-123', from: '+815012345678' },
      line: { baseUrl: 'https://api.line.example', channelAccessToken: 'line-token-123456' },
      webhook: { url: 'https://hooks.acme.example', signingSecret: 's'.repeat(32) },
    });
    expect(redacted).toEqual({
      email: { host: 'smtp.acme.example', port: 465, secure: true, from: 'a@acme.example', auth: { user: 'acme', pass: '(stored)' } },
      'web-push': { vapidSubject: 'mailto:ops@acme.example', vapidPublicKey: 'B'.repeat(87), vapidPrivateKey: '(stored)', timeToLiveSeconds: 60 },
      sms: { baseUrl: 'https://api.twilio.example', accountSid: 'AC0123456789', authToken: '(stored)', from: '+815012345678' },
      line: { baseUrl: 'https://api.line.example', channelAccessToken: '(stored)' },
      webhook: { url: 'https://hooks.acme.example', signingSecret: '(stored)' },
    });
  });

  it('leaves an SMTP server without authentication as it is', () => {
    expect(redactChannelSettings(installation)).toEqual(installation);
  });

  it("uses the tenant's channel where it has one, and the installation's otherwise", () => {
    const line = { baseUrl: 'https://api.line.example', channelAccessToken: 'line-token-123456' };
    expect(effectiveChannelSettings(installation, { line })).toEqual({ ...installation, line });
    const ownEmail = { host: 'smtp.acme.example', port: 25, secure: false, from: 'a@acme.example' };
    expect(effectiveChannelSettings(installation, { email: ownEmail })).toEqual({ email: ownEmail });
  });
});
