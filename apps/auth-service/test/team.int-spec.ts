import { ServiceProcess } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import { announceTenant, call, AuthMailbox, queryAuthDatabase, signingKeySettings, uniqueSlug } from './auth-test-kit';

const authPort = 3381;
const smtpPort = 3389;
const goodPassword = 'kitsune ramen at dawn 7';

type Role = 'admin' | 'department_admin' | 'member';

interface TeamMemberRow {
  id: string;
  displayName: string | null;
  email: string | null;
  role: string;
  status: string;
  departmentIds: string[];
  createdAt: string;
  disabledAt: string | null;
}

describe("auth-service: the console's team list and re-sent invitations", () => {
  const mails = new AuthMailbox(smtpPort);
  let auth: ServiceProcess;
  const tenant = { slug: uniqueSlug(), owner: `owner-${randomUUID().slice(0, 8)}@team.example`, id: '' };
  const otherTenant = { slug: uniqueSlug(), owner: `owner-${randomUUID().slice(0, 8)}@other.example`, id: '' };
  const departmentId = randomUUID();
  const person = (role: Role) => ({ role, email: `${role}-${randomUUID().slice(0, 8)}@team.example`, id: '', access: '' });
  const admin = person('admin');
  const departmentAdmin = person('department_admin');
  const member = person('member');
  let ownerAccess = '';

  const logIn = async (slug: string, email: string) => {
    const session = await call(auth.baseUrl, 'POST', '/v1/sessions', { body: { tenant: slug, email, password: goodPassword } });
    expect(session.status).toBe(200);
    return session.body.accessToken as string;
  };
  const listTeam = (token: string) => call(auth.baseUrl, 'GET', '/v1/accounts', { token });
  const itemsOf = (answer: { body: Record<string, unknown> }) => answer.body.items as TeamMemberRow[];

  async function activate(email: string, after = 0): Promise<number> {
    const token = await mails.tokenMailedTo(email, /activate/, after);
    const answer = await call(auth.baseUrl, 'POST', '/v1/account-activations', { body: { token, password: goodPassword } });
    return answer.status;
  }

  async function invite(invitee: { role: Role; email: string; id: string }, token = ownerAccess): Promise<void> {
    const departmentIds = invitee.role === 'department_admin' ? [departmentId] : [];
    const invited = await call(auth.baseUrl, 'POST', '/v1/invitations', { token, body: { email: invitee.email, displayName: `${invitee.role} 花子`, role: invitee.role, departmentIds } });
    expect(invited.status).toBe(201);
    invitee.id = invited.body.id as string;
  }

  beforeAll(async () => {
    await mails.start();
    auth = await new ServiceProcess('auth-service', authPort, {
      ...(await signingKeySettings()),
      AUTH_TOKEN_ISSUER: `http://127.0.0.1:${authPort}`,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
    }).start();
    tenant.id = await announceTenant(tenant.slug, tenant.owner);
    otherTenant.id = await announceTenant(otherTenant.slug, otherTenant.owner);
    expect(await activate(tenant.owner)).toBe(204);
    expect(await activate(otherTenant.owner)).toBe(204);
    ownerAccess = await logIn(tenant.slug, tenant.owner);
    for (const invitee of [admin, departmentAdmin, member]) {
      await invite(invitee);
      expect(await activate(invitee.email)).toBe(204);
      invitee.access = await logIn(tenant.slug, invitee.email);
    }
  });

  afterAll(async () => {
    await auth?.stop();
    await mails.stop();
  });

  it("lists every account of the owner's company, oldest first, with name and e-mail readable", async () => {
    const answer = await listTeam(ownerAccess);
    expect(answer.status).toBe(200);
    const items = itemsOf(answer);
    expect(items.map(({ email, role, status }) => ({ email, role, status }))).toEqual([
      { email: tenant.owner, role: 'owner', status: 'active' },
      { email: admin.email, role: 'admin', status: 'active' },
      { email: departmentAdmin.email, role: 'department_admin', status: 'active' },
      { email: member.email, role: 'member', status: 'active' },
    ]);
    expect(items[0]).toEqual({ id: expect.any(String), displayName: '山田 太郎', email: tenant.owner, role: 'owner', status: 'active', departmentIds: [], createdAt: expect.any(String), disabledAt: null, secondFactor: 'none' });
    expect(items[2]).toMatchObject({ id: departmentAdmin.id, displayName: 'department_admin 花子', departmentIds: [departmentId] });
    expect(items.map((item) => Date.parse(item.createdAt))).toEqual(items.map((item) => Date.parse(item.createdAt)).sort((a, b) => a - b));
  });

  it('lists the same for an admin, and refuses department admins and members', async () => {
    const asAdmin = await listTeam(admin.access);
    expect(asAdmin.status).toBe(200);
    expect(itemsOf(asAdmin)).toEqual(itemsOf(await listTeam(ownerAccess)));
    expect((await listTeam(departmentAdmin.access)).status).toBe(403);
    expect((await listTeam(member.access)).status).toBe(403);
    expect((await call(auth.baseUrl, 'GET', '/v1/accounts')).status).toBe(401);
  });

  it("never shows another company's accounts", async () => {
    const otherOwnerAccess = await logIn(otherTenant.slug, otherTenant.owner);
    const theirs = itemsOf(await listTeam(otherOwnerAccess));
    expect(theirs.map((item) => item.email)).toEqual([otherTenant.owner]);
    const ours = itemsOf(await listTeam(ownerAccess));
    expect(ours.map((item) => item.email)).not.toContain(otherTenant.owner);
    expect(ours.map((item) => item.id)).not.toContain(theirs[0].id);
  });

  it('shows a disabled account as disabled, and still lists it when its personal data cannot be read', async () => {
    const leaver = person('member');
    await invite(leaver);
    expect((await call(auth.baseUrl, 'POST', `/v1/accounts/${leaver.id}/disable`, { token: ownerAccess })).status).toBe(200);
    const listed = itemsOf(await listTeam(ownerAccess)).find((item) => item.id === leaver.id);
    expect(listed).toMatchObject({ email: leaver.email, status: 'disabled', disabledAt: expect.any(String) });

    // As if its data had been erased (or sealed under a retired key): the row stays, its name and e-mail unknown.
    await queryAuthDatabase(`UPDATE accounts SET email_ciphertext = 'erased', display_name_ciphertext = 'erased' WHERE id = $1`, [leaver.id]);
    const answer = await listTeam(ownerAccess);
    expect(answer.status).toBe(200);
    expect(itemsOf(answer).find((item) => item.id === leaver.id)).toMatchObject({ displayName: null, email: null, status: 'disabled' });
    expect(itemsOf(answer).find((item) => item.id === admin.id)).toMatchObject({ email: admin.email });
  });

  it('sends a pending invitation again with a new single-use link that replaces the old one, audited', async () => {
    const invitee = person('member');
    await invite(invitee, admin.access);
    const firstToken = await mails.tokenMailedTo(invitee.email, /activate/);
    const mailsBefore = mails.mails.length;

    const resent = await call(auth.baseUrl, 'POST', `/v1/accounts/${invitee.id}/invitation`, { token: admin.access });
    expect(resent.status).toBe(200);
    expect(resent.body).toEqual({ id: invitee.id, status: 'pending_activation' });
    const secondToken = await mails.tokenMailedTo(invitee.email, /activate/, mailsBefore);
    expect(secondToken).not.toBe(firstToken);
    expect((await call(auth.baseUrl, 'POST', '/v1/account-activations', { body: { token: firstToken, password: goodPassword } })).status).toBe(400);
    expect((await call(auth.baseUrl, 'POST', '/v1/account-activations', { body: { token: secondToken, password: goodPassword } })).status).toBe(204);
    expect(itemsOf(await listTeam(ownerAccess)).find((item) => item.id === invitee.id)).toMatchObject({ status: 'active' });

    const audit = await queryAuthDatabase<{ actor_account_id: string; details: unknown }>('SELECT actor_account_id, details FROM auth_audit_log WHERE account_id = $1 AND action = $2', [
      invitee.id,
      'account_invitation_resent',
    ]);
    expect(audit).toEqual([{ actor_account_id: admin.id, details: { role: 'member' } }]);

    // Accepted now: nothing to send again.
    expect((await call(auth.baseUrl, 'POST', `/v1/accounts/${invitee.id}/invitation`, { token: ownerAccess })).status).toBe(409);
  });

  it('keeps the rules of inviting: no re-send of an admin by an admin, none of a disabled account, none across companies', async () => {
    const pendingAdmin = person('admin');
    await invite(pendingAdmin);
    expect((await call(auth.baseUrl, 'POST', `/v1/accounts/${pendingAdmin.id}/invitation`, { token: admin.access })).status).toBe(403);
    expect((await call(auth.baseUrl, 'POST', `/v1/accounts/${pendingAdmin.id}/invitation`, { token: departmentAdmin.access })).status).toBe(403);
    expect((await call(auth.baseUrl, 'POST', `/v1/accounts/${pendingAdmin.id}/invitation`, { token: ownerAccess })).status).toBe(200);

    expect((await call(auth.baseUrl, 'POST', `/v1/accounts/${pendingAdmin.id}/disable`, { token: ownerAccess })).status).toBe(200);
    const disabled = await call(auth.baseUrl, 'POST', `/v1/accounts/${pendingAdmin.id}/invitation`, { token: ownerAccess });
    expect(disabled.status).toBe(409);
    expect(disabled.body.message).toContain('disabled');

    const otherOwnerAccess = await logIn(otherTenant.slug, otherTenant.owner);
    expect((await call(auth.baseUrl, 'POST', `/v1/accounts/${member.id}/invitation`, { token: otherOwnerAccess })).status).toBe(404);
  });
});
