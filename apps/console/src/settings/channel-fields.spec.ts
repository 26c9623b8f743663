import { channelSettingsBody } from './channel-fields';

describe('channelSettingsBody', () => {
  it('types numbers and booleans and nests dotted fields', () => {
    expect(channelSettingsBody('email', { host: ' smtp.example.jp ', port: '587', secure: false, from: 'anpi@example.jp', 'auth.user': 'u', 'auth.pass': 'p' })).toEqual({
      host: 'smtp.example.jp',
      port: 587,
      secure: false,
      from: 'anpi@example.jp',
      auth: { user: 'u', pass: 'p' },
    });
  });

  it('leaves out empty optional fields, so no half-filled credentials are sent', () => {
    expect(channelSettingsBody('email', { host: 'h', port: '25', secure: true, from: 'f@x.jp', 'auth.user': '', 'auth.pass': '' })).toEqual({ host: 'h', port: 25, secure: true, from: 'f@x.jp' });
  });
});
