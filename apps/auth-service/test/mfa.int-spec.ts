import { ServiceProcess } from '@anpi/testing';
import { Secret, TOTP } from 'otpauth';
import { randomUUID } from 'node:crypto';
import { announceAndActivateOwners, call, AuthMailbox, goodPassword, inviteAndActivate, logIn as logInTo, queryAuthDatabase, startAuthService, uniqueSlug } from './auth-test-kit';

const authPort = 3351;
const smtpPort = 3352;

describe('auth-service: TOTP second factor for owners and admins', () => {
  const mails = new AuthMailbox(smtpPort);
  let auth: ServiceProcess;
  const tenant = { slug: uniqueSlug(), owner: `owner-${randomUUID().slice(0, 8)}@mfa.example`, id: '' };
  const admin = { role: 'admin' as const, email: `admin-${randomUUID().slice(0, 8)}@mfa.example`, id: '' };
  const member = { role: 'member' as const, email: `member-${randomUUID().slice(0, 8)}@mfa.example`, id: '' };
  let ownerAccess = '';
  let adminSecret = '';
  let recoveryCodes: string[] = [];

  const credentials = (email: string) => ({ tenant: tenant.slug, email, password: goodPassword });
  const logIn = (email: string, secondFactor: { oneTimeCode?: string; recoveryCode?: string } = {}) => logInTo(auth, tenant.slug, email, secondFactor);
  const codeAt = (timestamp: number) => TOTP.generate({ secret: Secret.fromBase32(adminSecret), timestamp });

  beforeAll(async () => {
    await mails.start();
    auth = await startAuthService(authPort, smtpPort, { LOGIN_LOCK_BASE_SECONDS: '1' });
    await announceAndActivateOwners(auth, mails, tenant);
    const ownerSession = await logIn(tenant.owner);
    expect(ownerSession.status).toBe(200);
    ownerAccess = ownerSession.body.accessToken as string;
    await inviteAndActivate(auth, mails, ownerAccess, admin, { displayName: '佐藤 花子' });
    await inviteAndActivate(auth, mails, ownerAccess, member, { displayName: '佐藤 花子' });
  });

  afterAll(async () => {
    await auth?.stop();
    await mails.stop();
  });

  it('lets only an owner require a second factor for the company, and audits it', async () => {
    const adminAccess = (await logIn(admin.email)).body.accessToken as string;
    expect((await call(auth.baseUrl, 'PUT', '/v1/security-settings', { token: adminAccess, body: { mfaRequiredForAdmins: true } })).status).toBe(403);
    expect((await call(auth.baseUrl, 'PUT', '/v1/security-settings', { token: ownerAccess, body: { mfaRequiredForAdmins: true, extra: 1 } })).status).toBe(400);
    const updated = await call(auth.baseUrl, 'PUT', '/v1/security-settings', { token: ownerAccess, body: { mfaRequiredForAdmins: true } });
    expect(updated).toMatchObject({ status: 200, body: { mfaRequiredForAdmins: true } });
    expect((await call(auth.baseUrl, 'GET', '/v1/security-settings', { token: adminAccess })).body).toEqual({ mfaRequiredForAdmins: true });
    const audit = await queryAuthDatabase('SELECT action FROM auth_audit_log WHERE tenant_id = $1 AND action = $2', [tenant.id, 'mfa_requirement_changed']);
    expect(audit).toHaveLength(1);
  });

  it('gives an unenrolled admin no tokens once required, while members log in as before', async () => {
    const refused = await logIn(admin.email);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'mfa_enrollment_required' });
    expect(refused.body.accessToken).toBeUndefined();
    expect((await logIn(member.email)).status).toBe(200);
  });

  it('refuses enrollment to members and to a wrong password', async () => {
    expect((await call(auth.baseUrl, 'POST', '/v1/mfa/enrollment', { body: credentials(member.email) })).status).toBe(403);
    expect((await call(auth.baseUrl, 'POST', '/v1/mfa/enrollment', { body: { ...credentials(admin.email), password: 'not the password 99' } })).status).toBe(401);
  });

  it('enrolls with an otpauth:// URI shown once, the secret stored only encrypted', async () => {
    const started = await call(auth.baseUrl, 'POST', '/v1/mfa/enrollment', { body: credentials(admin.email) });
    expect(started.status).toBe(201);
    adminSecret = started.body.secret as string;
    expect(started.body.otpauthUri).toMatch(new RegExp(`^otpauth://totp/Anpi:.*secret=${adminSecret}`));
    const [stored] = await queryAuthDatabase<{ secret_ciphertext: string; confirmed_at: Date | null }>('SELECT secret_ciphertext, confirmed_at FROM mfa_credentials WHERE account_id = $1', [admin.id]);
    expect(stored.confirmed_at).toBeNull();
    expect(stored.secret_ciphertext).not.toContain(adminSecret);
    expect((await logIn(admin.email)).status).toBe(403);
  });

  it('confirms with a first code and hands out ten recovery codes stored only as hashes', async () => {
    const wrong = await call(auth.baseUrl, 'POST', '/v1/mfa/enrollment/confirmation', { body: { ...credentials(admin.email), oneTimeCode: codeAt(Date.now() - 120_000) } });
    expect(wrong.status).toBe(401);
    const confirmed = await call(auth.baseUrl, 'POST', '/v1/mfa/enrollment/confirmation', { body: { ...credentials(admin.email), oneTimeCode: codeAt(Date.now()) } });
    expect(confirmed.status).toBe(200);
    recoveryCodes = confirmed.body.recoveryCodes as string[];
    expect(new Set(recoveryCodes).size).toBe(10);
    const hashes = await queryAuthDatabase<{ code_hash: string }>('SELECT code_hash FROM mfa_recovery_codes WHERE account_id = $1', [admin.id]);
    expect(hashes).toHaveLength(10);
    expect(JSON.stringify(hashes)).not.toContain(recoveryCodes[0].replace(/-/g, ''));
    expect((await call(auth.baseUrl, 'POST', '/v1/mfa/enrollment', { body: credentials(admin.email) })).status).toBe(409);
  });

  it('requires the code at login and refuses the replay of a code already used', async () => {
    const withoutCode = await logIn(admin.email);
    expect(withoutCode).toMatchObject({ status: 401, body: { error: 'mfa_code_required' } });
    // The confirmation used the current step: its code cannot open a session any more.
    expect((await logIn(admin.email, { oneTimeCode: codeAt(Date.now()) })).body).toMatchObject({ error: 'mfa_code_wrong' });
    const nextCode = codeAt(Date.now() + 30_000);
    const session = await logIn(admin.email, { oneTimeCode: nextCode });
    expect(session.status).toBe(200);
    expect(session.body.accessToken).toEqual(expect.any(String));
    expect((await logIn(admin.email, { oneTimeCode: nextCode })).status).toBe(401);
  });

  it('accepts each recovery code once, and audits its use', async () => {
    const [code] = recoveryCodes;
    expect((await logIn(admin.email, { recoveryCode: code.toLowerCase() })).status).toBe(200);
    expect((await logIn(admin.email, { recoveryCode: code })).body).toMatchObject({ error: 'mfa_code_wrong' });
    expect((await logIn(admin.email, { recoveryCode: 'AAAA-AAAA-AAAA-AAAA' })).body).toMatchObject({ error: 'mfa_code_wrong' });
    const used = await queryAuthDatabase('SELECT 1 FROM mfa_recovery_codes WHERE account_id = $1 AND used_at IS NOT NULL', [admin.id]);
    expect(used).toHaveLength(1);
    const audit = await queryAuthDatabase('SELECT 1 FROM auth_audit_log WHERE account_id = $1 AND action = $2', [admin.id, 'mfa_recovery_code_used']);
    expect(audit).toHaveLength(1);
  });

  it('throttles guessed codes like guessed passwords', async () => {
    const answers = [];
    for (let attempt = 0; attempt < 6; attempt += 1) answers.push((await logIn(admin.email, { oneTimeCode: '000000' })).status);
    expect(answers).toContain(429);
  });
});
