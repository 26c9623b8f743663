import { ServiceProcess, waitFor } from '@anpi/testing';
import { Secret, TOTP } from 'otpauth';
import { randomUUID } from 'node:crypto';
import {
  announceAndActivateOwners,
  call,
  AuthMailbox,
  colleague,
  Colleague,
  goodPassword,
  inviteAndActivate,
  logIn as logInTo,
  queryAuthDatabase,
  Role,
  startAuthService,
  uniqueSlug,
} from './auth-test-kit';

const authPort = 3395;
const smtpPort = 3396;

/**
 * Who has a second factor (the team list, one's own status), and an owner's reset of a
 * colleague's lost one: owners only, never oneself, never another company's account; the
 * factor, recovery codes and sessions go, the reset is audited and mailed, and the next log-in
 * of a company that requires two-step verification sends the person to set it up again.
 */
describe('auth-service: second factor status and reset', () => {
  const mails = new AuthMailbox(smtpPort);
  let auth: ServiceProcess;
  const tenant = { slug: uniqueSlug(), owner: `owner-${randomUUID().slice(0, 8)}@reset.example`, id: '', ownerId: '' };
  const otherTenant = { slug: uniqueSlug(), owner: `owner-${randomUUID().slice(0, 8)}@other-reset.example`, id: '', ownerId: '' };
  const person = (role: Role): Colleague => colleague(role, 'reset.example');
  const enrolledAdmin = person('admin');
  const pendingAdmin = person('admin');
  const departmentAdmin = person('department_admin');
  const member = person('member');
  let ownerAccess = '';
  let enrolledAdminSecret = '';

  const credentials = (email: string, slug = tenant.slug) => ({ tenant: slug, email, password: goodPassword });
  const logIn = (email: string, extra: { oneTimeCode?: string } = {}, slug = tenant.slug) => logInTo(auth, slug, email, extra);
  const reset = (accountId: string, token = ownerAccess) => call(auth.baseUrl, 'POST', `/v1/accounts/${accountId}/second-factor/reset`, { token });
  const team = async () => (await call(auth.baseUrl, 'GET', '/v1/accounts', { token: ownerAccess })).body.items as { id: string; secondFactor: string }[];
  const secondFactorOf = async (accountId: string) => (await team()).find((item) => item.id === accountId)?.secondFactor;

  async function enrol(email: string, slug = tenant.slug): Promise<string> {
    const started = await call(auth.baseUrl, 'POST', '/v1/mfa/enrollment', { body: credentials(email, slug) });
    expect(started.status).toBe(201);
    const secret = started.body.secret as string;
    const confirmed = await call(auth.baseUrl, 'POST', '/v1/mfa/enrollment/confirmation', {
      body: { ...credentials(email, slug), oneTimeCode: TOTP.generate({ secret: Secret.fromBase32(secret) }) },
    });
    expect(confirmed.status).toBe(200);
    return secret;
  }

  const ownerIdOf = async (tenantId: string) =>
    (await queryAuthDatabase<{ id: string }>(`SELECT id FROM accounts WHERE tenant_id = $1 AND role = 'owner'`, [tenantId]))[0].id;

  beforeAll(async () => {
    await mails.start();
    auth = await startAuthService(authPort, smtpPort);
    await announceAndActivateOwners(auth, mails, tenant, otherTenant);
    tenant.ownerId = await ownerIdOf(tenant.id);
    otherTenant.ownerId = await ownerIdOf(otherTenant.id);
    ownerAccess = (await logIn(tenant.owner)).body.accessToken as string;
    for (const invitee of [enrolledAdmin, pendingAdmin, departmentAdmin, member]) {
      const departmentIds = invitee.role === 'department_admin' ? [randomUUID()] : [];
      await inviteAndActivate(auth, mails, ownerAccess, invitee, { departmentIds });
      invitee.access = (await logIn(invitee.email)).body.accessToken as string;
    }
    enrolledAdminSecret = await enrol(enrolledAdmin.email);
    // Started, never confirmed: not a second factor.
    expect((await call(auth.baseUrl, 'POST', '/v1/mfa/enrollment', { body: credentials(pendingAdmin.email) })).status).toBe(201);
    await enrol(otherTenant.owner, otherTenant.slug);
  });

  afterAll(async () => {
    await auth?.stop();
    await mails.stop();
  });

  it('shows in the team list who has a confirmed second factor, in one answer for everyone', async () => {
    const items = await team();
    expect(Object.fromEntries(items.map((item) => [item.id, item.secondFactor]))).toEqual({
      [tenant.ownerId]: 'none',
      [enrolledAdmin.id]: 'active',
      [pendingAdmin.id]: 'none',
      [departmentAdmin.id]: 'none',
      [member.id]: 'none',
    });
  });

  it("tells each caller their own account's state", async () => {
    const statusOf = async (token: string) => call(auth.baseUrl, 'GET', '/v1/mfa/status', { token });
    expect(await statusOf(enrolledAdmin.access)).toMatchObject({ status: 200, body: { secondFactor: 'active' } });
    expect(await statusOf(pendingAdmin.access)).toMatchObject({ status: 200, body: { secondFactor: 'none' } });
    expect(await statusOf(ownerAccess)).toMatchObject({ status: 200, body: { secondFactor: 'none' } });
    expect(await statusOf(member.access)).toMatchObject({ status: 200, body: { secondFactor: 'none' } });
    expect((await call(auth.baseUrl, 'GET', '/v1/mfa/status')).status).toBe(401);
  });

  it('lets only owners reset, never their own, never another company’s account, and only what exists', async () => {
    for (const caller of [pendingAdmin, departmentAdmin, member]) expect((await reset(enrolledAdmin.id, caller.access)).status).toBe(403);
    expect((await reset(tenant.ownerId, enrolledAdmin.access)).status).toBe(403);
    expect((await reset(tenant.ownerId)).status).toBe(403);
    expect((await reset(otherTenant.ownerId)).status).toBe(404);
    expect((await reset(randomUUID())).status).toBe(404);
    expect((await reset('not-a-uuid')).status).toBe(400);
    expect((await reset(member.id)).status).toBe(409);
    // An unconfirmed set-up is nothing to reset, and stays as it was.
    expect((await reset(pendingAdmin.id)).status).toBe(409);
    expect(await queryAuthDatabase('SELECT 1 FROM mfa_credentials WHERE account_id = $1', [pendingAdmin.id])).toHaveLength(1);
    // Nothing changed by the refusals.
    expect(await secondFactorOf(enrolledAdmin.id)).toBe('active');
    expect(await queryAuthDatabase('SELECT 1 FROM mfa_credentials WHERE account_id = $1 AND confirmed_at IS NOT NULL', [otherTenant.ownerId])).toHaveLength(1);
    expect(await queryAuthDatabase('SELECT 1 FROM auth_audit_log WHERE action = $1 AND tenant_id IN ($2, $3)', ['second_factor_reset', tenant.id, otherTenant.id])).toHaveLength(0);
  });

  it("removes a colleague's factor, recovery codes and sessions, audited and mailed; with two-step required, their next log-in sets it up again", async () => {
    expect((await call(auth.baseUrl, 'PUT', '/v1/security-settings', { token: ownerAccess, body: { mfaRequiredForAdmins: true } })).status).toBe(200);
    // The admin is logged in with a code: a session to end.
    const session = await logIn(enrolledAdmin.email, { oneTimeCode: TOTP.generate({ secret: Secret.fromBase32(enrolledAdminSecret), timestamp: Date.now() + 30_000 }) });
    expect(session.status).toBe(200);
    expect(await queryAuthDatabase('SELECT 1 FROM mfa_recovery_codes WHERE account_id = $1', [enrolledAdmin.id])).toHaveLength(10);
    const mailsBefore = mails.mails.length;

    const answer = await reset(enrolledAdmin.id);
    expect(answer).toMatchObject({ status: 200, body: { id: enrolledAdmin.id, secondFactor: 'none' } });

    expect(await queryAuthDatabase('SELECT 1 FROM mfa_credentials WHERE account_id = $1', [enrolledAdmin.id])).toHaveLength(0);
    expect(await queryAuthDatabase('SELECT 1 FROM mfa_recovery_codes WHERE account_id = $1', [enrolledAdmin.id])).toHaveLength(0);
    expect(await queryAuthDatabase('SELECT 1 FROM refresh_tokens WHERE account_id = $1 AND revoked_at IS NULL', [enrolledAdmin.id])).toHaveLength(0);
    expect((await call(auth.baseUrl, 'POST', '/v1/sessions/refresh', { body: { refreshToken: session.body.refreshToken } })).status).toBe(401);
    expect((await call(auth.baseUrl, 'GET', '/v1/mfa/status', { token: session.body.accessToken as string })).status).toBe(401);

    const audit = await queryAuthDatabase<{ account_id: string; actor_account_id: string; details: unknown }>(
      'SELECT account_id, actor_account_id, details FROM auth_audit_log WHERE tenant_id = $1 AND action = $2',
      [tenant.id, 'second_factor_reset'],
    );
    expect(audit).toEqual([{ account_id: enrolledAdmin.id, actor_account_id: tenant.ownerId, details: { role: 'admin' } }]);

    const notice = await waitFor(() => mails.mails.slice(mailsBefore).find((mail) => mail.recipients.includes(enrolledAdmin.email)), { timeoutMs: 30_000, what: 'the reset notice' });
    expect(notice.text).toContain('2段階認証（認証アプリとリカバリーコード）をリセットしました');
    expect(notice.text).toContain('reset the two-step verification of your Anpi account');
    expect(notice.text).not.toContain(enrolledAdminSecret);
    expect(notice.text).not.toMatch(/token=/);

    expect(await secondFactorOf(enrolledAdmin.id)).toBe('none');
    expect((await reset(enrolledAdmin.id)).status).toBe(409);

    // The password alone gets no session: the company requires a second factor, set up again.
    expect(await logIn(enrolledAdmin.email)).toMatchObject({ status: 403, body: { error: 'mfa_enrollment_required' } });
    const secret = await enrol(enrolledAdmin.email);
    expect(secret).not.toBe(enrolledAdminSecret);
    expect(await secondFactorOf(enrolledAdmin.id)).toBe('active');
  });
});
