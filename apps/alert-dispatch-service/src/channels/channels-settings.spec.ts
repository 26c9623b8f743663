import { channelsSettingsFromEnvironment } from './channels-settings';

describe('channel settings from the environment', () => {
  it('has defaults for everything', () => {
    const settings = channelsSettingsFromEnvironment({});
    expect(settings.retry).toEqual({ maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 });
    expect(settings.rateLimits).toEqual({});
    expect(settings.allowPlainHttpProviders).toBe(false);
  });

  it('reads provider rate limits as channel:perSecond[/burst]', () => {
    const settings = channelsSettingsFromEnvironment({ CHANNEL_RATE_LIMITS: 'sms:20/40, line:500', CHANNEL_SMS_TIMEOUT_MS: '2500' });
    expect(settings.rateLimits).toEqual({ sms: { perSecond: 20, burst: 40 }, line: { perSecond: 500, burst: 500 } });
    expect(settings.timeoutMs.sms).toBe(2_500);
  });

  it('refuses an unknown channel in the rate limits', () => {
    expect(() => channelsSettingsFromEnvironment({ CHANNEL_RATE_LIMITS: 'fax:1' })).toThrow('invalid configuration: CHANNEL_RATE_LIMITS: "fax:1" is not <email|web-push|sms|line|webhook>:<perSecond>[/<burst>]');
  });
});
