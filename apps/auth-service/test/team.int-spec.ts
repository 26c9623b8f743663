import { ServiceProcess } from '@anpi/testing';
import { decodeJwt } from 'jose';
import { randomUUID } from 'node:crypto';
import {
  activateFromMail,
  announceAndActivateOwners,
  call,
  AuthMailbox,
  colleague,
  goodPassword,
  invite as inviteAs,
  openSession,
  queryAuthDatabase,
  Role,
  startAuthService,
  uniqueSlug,
} from './auth-test-kit';

const authPort = 3381;
const smtpPort = 3389;

interface TeamMemberRow {
  id: string;
  displayName: string | null;
  email: string | null;
  role: string;
  status: string;
  departmentIds: string[];
  employeeId: string | null;
  createdAt: string;
  disabledAt: string | null;
}

describe("auth-service: the console's team list and re-sent invitations", () => {
  const mails = new AuthMailbox(smtpPort);
  let auth: ServiceProcess;
  const tenant = { slug: uniqueSlug(), owner: `owner-${randomUUID().slice(0, 8)}@team.example`, id: '' };
  const otherTenant = { slug: uniqueSlug(), owner: `owner-${randomUUID().slice(0, 8)}@other.example`, id: '' };
  const departmentId = randomUUID();
  const person = (role: Role) => colleague(role, 'team.example');
  const admin = person('admin');
  const departmentAdmin = person('department_admin');
  const member = person('member');
  let ownerAccess = '';

  const signIn = (slug: string, email: string) => openSession(auth, slug, email);
  const logIn = async (slug: string, email: string) => (await signIn(slug, email)).accessToken;
  const listTeam = (token: string) => call(auth.baseUrl, 'GET', '/v1/accounts', { token });
  const itemsOf = (answer: { body: Record<string, unknown> }) => answer.body.items as TeamMemberRow[];

  const activate = (email: string) => activateFromMail(auth, mails, email);
  const invite = (invitee: { role: Role; email: string; id: string }, token = ownerAccess) =>
    inviteAs(auth, token, invitee, { departmentIds: invitee.role === 'department_admin' ? [departmentId] : [] });

  beforeAll(async () => {
    await mails.start();
    auth = await startAuthService(authPort, smtpPort);
    await announceAndActivateOwners(auth, mails, tenant, otherTenant);
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
    expect(items[0]).toEqual({ id: expect.any(String), displayName: '山田 太郎', email: tenant.owner, role: 'owner', status: 'active', departmentIds: [], employeeId: null, createdAt: expect.any(String), disabledAt: null, secondFactor: 'none' });
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

  describe('linking an account to its person in the directory (issue 6)', () => {
    const linkPerson = (accountId: string, employeeId: string | null, token?: string) => call(auth.baseUrl, 'PUT', `/v1/accounts/${accountId}/directory-person`, { token, body: { employeeId } });
    const refresh = async (refreshToken: string) => {
      const answer = await call(auth.baseUrl, 'POST', '/v1/sessions/refresh', { body: { refreshToken } });
      expect(answer.status).toBe(200);
      return answer.body as { accessToken: string; refreshToken: string };
    };
    const empOf = (accessToken: string) => decodeJwt(accessToken).emp;
    const whoAmI = (token: string) => call(auth.baseUrl, 'GET', '/v1/sessions/current', { token });
    const auditOf = (accountId: string) =>
      queryAuthDatabase<{ actor_account_id: string; details: unknown }>('SELECT actor_account_id, details FROM auth_audit_log WHERE account_id = $1 AND action = $2 ORDER BY id', [accountId, 'directory_person_changed']);

    /** A fresh active account of the tenant, signed in, that no earlier test has linked. */
    async function newcomer(role: Role, inviterToken = ownerAccess) {
      const someone = person(role);
      await invite(someone, inviterToken);
      expect(await activate(someone.email)).toBe(204);
      return { ...someone, session: await signIn(tenant.slug, someone.email) };
    }

    it('links: the view, the team list, the audit, and the tokens of the next log-in and refresh carry the person as `emp`', async () => {
      const linked = await newcomer('member');
      const employeeId = randomUUID();
      const answer = await linkPerson(linked.id, employeeId, ownerAccess);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ id: linked.id, role: 'member', status: 'active', departmentIds: [], employeeId, createdAt: expect.any(String) });
      expect((await call(auth.baseUrl, 'GET', `/v1/accounts/${linked.id}`, { token: ownerAccess })).body).toEqual(answer.body);
      expect(itemsOf(await listTeam(ownerAccess)).find((item) => item.id === linked.id)).toMatchObject({ employeeId });
      expect(await auditOf(linked.id)).toEqual([{ actor_account_id: (await whoAmI(ownerAccess)).body.userId, details: { role: 'member', employeeId } }]);

      // The token from before the link is void (it would state no link for up to 15 minutes) …
      expect(empOf(linked.session.accessToken)).toBeUndefined();
      expect((await whoAmI(linked.session.accessToken)).status).toBe(401);
      // … the refresh token is not: the next refresh reads the account again.
      const refreshed = await refresh(linked.session.refreshToken);
      expect(empOf(refreshed.accessToken)).toBe(employeeId);
      // Revocation has one-second resolution: a token issued in the second of the change is refused too.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const loggedIn = await signIn(tenant.slug, linked.email);
      expect(empOf(loggedIn.accessToken)).toBe(employeeId);
      expect((await whoAmI(loggedIn.accessToken)).body).toMatchObject({ userId: linked.id, employeeId });
    });

    it('changes and unlinks: a refresh picks up the current link, an unlinked token has no `emp`, an unchanged link is not re-audited', async () => {
      const linked = await newcomer('department_admin');
      const [first, second] = [randomUUID(), randomUUID()];
      expect((await linkPerson(linked.id, first, ownerAccess)).status).toBe(200);
      const session = await signIn(tenant.slug, linked.email);
      expect(empOf(session.accessToken)).toBe(first);

      expect((await linkPerson(linked.id, second, ownerAccess)).status).toBe(200);
      expect((await whoAmI(session.accessToken)).status).toBe(401);
      const changed = await refresh(session.refreshToken);
      expect(empOf(changed.accessToken)).toBe(second);

      // The same link again changes nothing: no revocation, no audit row.
      expect((await linkPerson(linked.id, second, ownerAccess)).body).toMatchObject({ employeeId: second });

      const unlinked = await linkPerson(linked.id, null, ownerAccess);
      expect(unlinked.status).toBe(200);
      expect(unlinked.body).toMatchObject({ id: linked.id, employeeId: null, departmentIds: [departmentId] });
      const afterUnlink = await refresh(changed.refreshToken);
      expect(decodeJwt(afterUnlink.accessToken)).not.toHaveProperty('emp');
      expect((await auditOf(linked.id)).map((row) => row.details)).toEqual([
        { role: 'department_admin', employeeId: first },
        { role: 'department_admin', previousEmployeeId: first, employeeId: second },
        { role: 'department_admin', previousEmployeeId: second },
      ]);
    });

    it('links one person to at most one account of the company: 409 `taken`, and the person is free again once unlinked', async () => {
      const [holder, other] = [await newcomer('member'), await newcomer('member')];
      const employeeId = randomUUID();
      expect((await linkPerson(holder.id, employeeId, ownerAccess)).status).toBe(200);

      const taken = await linkPerson(other.id, employeeId, ownerAccess);
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ statusCode: 409, error: 'Conflict', details: [{ path: 'employeeId', rule: 'taken', message: expect.any(String) }] });
      expect((await call(auth.baseUrl, 'GET', `/v1/accounts/${other.id}`, { token: ownerAccess })).body).toMatchObject({ employeeId: null });
      expect(await auditOf(other.id)).toEqual([]);

      // Another company may link its own account to the same id: the rule is per tenant.
      const otherOwner = await signIn(otherTenant.slug, otherTenant.owner);
      const otherOwnerId = (await whoAmI(otherOwner.accessToken)).body.userId as string;
      expect((await linkPerson(otherOwnerId, employeeId, otherOwner.accessToken)).status).toBe(200);

      expect((await linkPerson(holder.id, null, ownerAccess)).status).toBe(200);
      expect((await linkPerson(other.id, employeeId, ownerAccess)).status).toBe(200);
    });

    it('keeps the rules of who may change whom: admins not owners or admins, department admins and members nobody; anyone their own as owner or admin', async () => {
      const linkingAdmin = await newcomer('admin');
      const otherAdmin = await newcomer('admin');
      const departmentAdminSession = await signIn(tenant.slug, departmentAdmin.email);
      const memberSession = await signIn(tenant.slug, member.email);
      const ownerId = (await whoAmI(ownerAccess)).body.userId as string;

      for (const session of [departmentAdminSession, memberSession]) {
        expect((await linkPerson(member.id, randomUUID(), session.accessToken)).status).toBe(403);
        expect((await linkPerson(otherAdmin.id, randomUUID(), session.accessToken)).status).toBe(403);
      }
      expect((await linkPerson(ownerId, randomUUID(), linkingAdmin.session.accessToken)).status).toBe(403);
      expect((await linkPerson(otherAdmin.id, randomUUID(), linkingAdmin.session.accessToken)).status).toBe(403);
      expect((await linkPerson(departmentAdmin.id, randomUUID(), linkingAdmin.session.accessToken)).status).toBe(200);
      expect((await linkPerson(member.id, randomUUID())).status).toBe(401);
      const strangerOwner = await signIn(otherTenant.slug, otherTenant.owner);
      expect((await linkPerson(member.id, randomUUID(), strangerOwner.accessToken)).status).toBe(404);
      expect((await linkPerson(randomUUID(), randomUUID(), ownerAccess)).status).toBe(404);

      // One's own link: the console refreshes right after the answer, and that token must work.
      for (const self of [{ id: linkingAdmin.id, session: linkingAdmin.session }, { id: ownerId, session: await signIn(tenant.slug, tenant.owner) }]) {
        const employeeId = randomUUID();
        expect((await linkPerson(self.id, employeeId, self.session.accessToken)).status).toBe(200);
        expect((await whoAmI(self.session.accessToken)).status).toBe(401);
        const renewed = await refresh(self.session.refreshToken);
        const current = await whoAmI(renewed.accessToken);
        expect(current.status).toBe(200);
        expect(current.body).toMatchObject({ userId: self.id, employeeId });
      }
      ownerAccess = await logIn(tenant.slug, tenant.owner);
    });

    it('refuses a malformed request with 400 and the field at fault', async () => {
      const target = member.id;
      const put = (body: unknown, accountId = target) => call(auth.baseUrl, 'PUT', `/v1/accounts/${accountId}/directory-person`, { token: ownerAccess, body });
      const notAnId = await put({ employeeId: 'E-0001' });
      expect(notAnId.status).toBe(400);
      expect(notAnId.body).toMatchObject({ message: 'validation failed', details: [{ path: 'employeeId', rule: 'format', format: 'uuid' }] });
      expect((await put({})).body).toMatchObject({ details: [{ path: 'employeeId', rule: 'required' }] });
      expect((await put({ employeeId: randomUUID(), role: 'owner' })).body).toMatchObject({ details: [{ rule: 'unknown-fields', fields: ['role'] }] });
      expect((await put({ employeeId: randomUUID() }, 'not-an-id')).status).toBe(400);
    });

    it('does not link a disabled account, but unlinks one so that the person can have a new account', async () => {
      const leaver = await newcomer('member');
      const employeeId = randomUUID();
      expect((await linkPerson(leaver.id, employeeId, ownerAccess)).status).toBe(200);
      expect((await call(auth.baseUrl, 'POST', `/v1/accounts/${leaver.id}/disable`, { token: ownerAccess })).status).toBe(200);
      expect((await linkPerson(leaver.id, randomUUID(), ownerAccess)).status).toBe(409);
      expect((await linkPerson(leaver.id, null, ownerAccess)).body).toMatchObject({ status: 'disabled', employeeId: null });
    });
  });
});
