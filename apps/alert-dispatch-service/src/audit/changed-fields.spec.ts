import { changedFields } from './changed-fields';

describe('changedFields', () => {
  const smtp = { host: 'smtp.acme.example', port: 587, secure: false, auth: { user: 'acme', pass: 'old-secret' }, from: 'a@acme.example' };

  it('names nothing when the settings are the same', () => {
    expect(changedFields(smtp, structuredClone(smtp))).toEqual([]);
  });

  it('names a changed nested credential by its path, never its value', () => {
    const changed = changedFields(smtp, { ...smtp, auth: { user: 'acme', pass: 'new-secret' } });
    expect(changed).toEqual(['auth.pass']);
    expect(JSON.stringify(changed)).not.toMatch(/secret/);
  });

  it('names every field of settings set up for the first time or removed', () => {
    expect(changedFields(undefined, smtp)).toEqual(['auth.pass', 'auth.user', 'from', 'host', 'port', 'secure']);
    expect(changedFields(smtp, undefined)).toEqual(['auth.pass', 'auth.user', 'from', 'host', 'port', 'secure']);
  });

  it('names added and removed fields, sorted', () => {
    const withoutAuth = { host: smtp.host, port: smtp.port, secure: smtp.secure, from: smtp.from };
    expect(changedFields(withoutAuth, { ...smtp, port: 465 })).toEqual(['auth.pass', 'auth.user', 'port']);
  });

  it('treats a list as one value and an object replaced by a value as both paths', () => {
    expect(changedFields({ channels: ['email', 'sms'] }, { channels: ['sms', 'email'] })).toEqual(['channels']);
    expect(changedFields({ auth: { user: 'a' } }, { auth: 'none' })).toEqual(['auth', 'auth.user']);
  });
});
