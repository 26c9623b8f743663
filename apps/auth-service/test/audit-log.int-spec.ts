import { ServiceProcess } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import { announceAndActivateOwners, AuthMailbox, call, colleague, inviteAndActivate, openSession, Role, startAuthService, uniqueSlug } from './auth-test-kit';

const authPort = 3397;
const smtpPort = 3398;

interface AuditLogEntry {
  id: string;
  occurredAt: string;
  actor: { kind: string; id: string; role: string | null; ip: string | null };
  action: string;
  target: { type: string; id: string };
  details: Record<string, unknown>;
}

interface AuditPage {
  items: AuditLogEntry[];
  nextCursor: string | null;
}

/**
 * auth-service's account audit log as the console's audit screen reads it: the shape of
 * tenant-service's `GET /v1/audit-log`, owners and admins of the company only, no personal data.
 */
describe("auth-service: the company's account audit log (GET /v1/audit-log)", () => {
  const mails = new AuthMailbox(smtpPort);
  let auth: ServiceProcess;
  const tenant = { slug: uniqueSlug(), owner: `owner-${randomUUID().slice(0, 8)}@audit.example`, id: '', ownerId: '', access: '' };
  const otherTenant = { slug: uniqueSlug(), owner: `owner-${randomUUID().slice(0, 8)}@other-audit.example`, id: '', access: '' };
  const person = (role: Role) => colleague(role, 'audit.example');
  const admin = person('admin');
  const departmentAdmin = person('department_admin');
  const member = person('member');
  const employeeId = randomUUID();
  const every = () => [tenant.owner, otherTenant.owner, admin.email, departmentAdmin.email, member.email];

  const logIn = (slug: string, email: string) => openSession(auth, slug, email);
  const auditLog = (token: string, query = '') => call(auth.baseUrl, 'GET', `/v1/audit-log${query}`, { token });
  const pageOf = (answer: { body: Record<string, unknown> }) => answer.body as unknown as AuditPage;

  beforeAll(async () => {
    await mails.start();
    auth = await startAuthService(authPort, smtpPort);
    await announceAndActivateOwners(auth, mails, tenant, otherTenant);
    tenant.access = (await logIn(tenant.slug, tenant.owner)).accessToken;
    otherTenant.access = (await logIn(otherTenant.slug, otherTenant.owner)).accessToken;
    tenant.ownerId = (await call(auth.baseUrl, 'GET', '/v1/sessions/current', { token: tenant.access })).body.userId as string;

    // The owner invites an admin, the admin a department admin and a member (as the team screen does).
    for (const [invitee, inviterOf] of [
      [admin, () => tenant.access],
      [departmentAdmin, () => admin.access],
      [member, () => admin.access],
    ] as const) {
      const departmentIds = invitee.role === 'department_admin' ? [randomUUID()] : [];
      await inviteAndActivate(auth, mails, inviterOf(), invitee, { departmentIds });
      invitee.access = (await logIn(tenant.slug, invitee.email)).accessToken;
    }
    // A directory-person link and a change of the company's second-factor rule, both by the owner.
    expect((await call(auth.baseUrl, 'PUT', `/v1/accounts/${member.id}/directory-person`, { token: tenant.access, body: { employeeId } })).status).toBe(200);
    expect((await call(auth.baseUrl, 'PUT', '/v1/security-settings', { token: tenant.access, body: { mfaRequiredForAdmins: false } })).status).toBe(200);
    // The link voids the member's tokens (with one-second resolution): a new log-in for the 403 below.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    member.access = (await logIn(tenant.slug, member.email)).accessToken;
  }, 180_000);

  afterAll(async () => {
    await auth?.stop();
    await mails.stop();
  });

  it("lists the company's account changes newest first, in tenant-service's entry shape, with who acted", async () => {
    const answer = await auditLog(tenant.access);
    expect(answer.status).toBe(200);
    const { items, nextCursor } = pageOf(answer);
    expect(nextCursor).toBeNull();
    const ids = items.map((entry) => Number(entry.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    for (const entry of items) {
      expect(Object.keys(entry).sort()).toEqual(['action', 'actor', 'details', 'id', 'occurredAt', 'target']);
      expect(new Date(entry.occurredAt).toISOString()).toBe(entry.occurredAt);
    }

    const find = (action: string, targetId: string) => items.filter((entry) => entry.action === action && entry.target.id === targetId);
    expect(find('account_invited', admin.id)).toEqual([
      { id: expect.any(String), occurredAt: expect.any(String), actor: { kind: 'user', id: tenant.ownerId, role: null, ip: null }, action: 'account_invited', target: { type: 'account', id: admin.id }, details: { role: 'admin' } },
    ]);
    expect(find('account_invited', member.id)).toMatchObject([{ actor: { kind: 'user', id: admin.id }, details: { role: 'member' } }]);
    expect(find('account_invited', departmentAdmin.id)).toMatchObject([{ actor: { kind: 'user', id: admin.id }, details: { role: 'department_admin' } }]);
    expect(find('directory_person_changed', member.id)).toMatchObject([{ actor: { kind: 'user', id: tenant.ownerId }, target: { type: 'account', id: member.id }, details: { role: 'member', employeeId } }]);
    expect(find('mfa_requirement_changed', tenant.ownerId)).toMatchObject([{ actor: { kind: 'user', id: tenant.ownerId }, details: { mfaRequiredForAdmins: false } }]);
    // What auth-service did on its own (the owner's account from tenant.created, activations) has no acting account.
    expect(find('account_provisioned', tenant.ownerId)).toMatchObject([{ actor: { kind: 'system', id: 'auth-service', role: null, ip: null }, details: { role: 'owner' } }]);
    expect(find('account_activated', admin.id)).toMatchObject([{ actor: { kind: 'system' } }]);
  });

  it('records a disabled account, and a reused refresh token as auth-service itself', async () => {
    const leaver = person('member');
    const invited = await call(auth.baseUrl, 'POST', '/v1/invitations', { token: tenant.access, body: { email: leaver.email, displayName: '退職 太郎', role: 'member', departmentIds: [] } });
    leaver.id = invited.body.id as string;
    expect((await call(auth.baseUrl, 'POST', `/v1/accounts/${leaver.id}/disable`, { token: admin.access })).status).toBe(200);

    const session = await logIn(tenant.slug, departmentAdmin.email);
    expect((await call(auth.baseUrl, 'POST', '/v1/sessions/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(200);
    expect((await call(auth.baseUrl, 'POST', '/v1/sessions/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);

    const { items } = pageOf(await auditLog(admin.access, '?limit=3'));
    expect(items.map(({ action, actor, target }) => ({ action, actor: actor.kind, actorId: actor.id, target: target.id }))).toEqual([
      { action: 'refresh_token_reused', actor: 'system', actorId: 'auth-service', target: departmentAdmin.id },
      { action: 'account_disabled', actor: 'user', actorId: admin.id, target: leaver.id },
      { action: 'account_invited', actor: 'user', actorId: tenant.ownerId, target: leaver.id },
    ]);
  });

  it('pages with the cursor without gaps or repeats, and filters by action and target', async () => {
    const whole = pageOf(await auditLog(tenant.access, '?limit=500')).items;
    expect(whole.length).toBeGreaterThan(6);
    const paged: AuditLogEntry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: AuditPage = pageOf(await auditLog(tenant.access, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`));
      expect(page.items.length).toBeLessThanOrEqual(3);
      paged.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(paged).toEqual(whole);
    expect(pages).toBe(Math.floor(whole.length / 3) + 1);

    const invitations = pageOf(await auditLog(tenant.access, '?action=account_invited')).items;
    expect(invitations.length).toBeGreaterThanOrEqual(3);
    expect(new Set(invitations.map((entry) => entry.action))).toEqual(new Set(['account_invited']));
    const aboutMember = pageOf(await auditLog(tenant.access, `?targetId=${member.id}`)).items;
    expect(aboutMember.map((entry) => entry.action)).toEqual(['directory_person_changed', 'account_activated', 'account_invited']);

    for (const query of ['?limit=0', '?limit=501', '?cursor=x', '?targetId=E-0001', '?tenantId=' + otherTenant.id]) {
      expect({ query, status: (await auditLog(tenant.access, query)).status }).toEqual({ query, status: 400 });
    }
  });

  it('is for owners and admins: department admins and members get 403, no token 401', async () => {
    expect((await auditLog(admin.access)).status).toBe(200);
    expect((await auditLog(departmentAdmin.access)).status).toBe(403);
    expect((await auditLog(member.access)).status).toBe(403);
    expect((await call(auth.baseUrl, 'GET', '/v1/audit-log')).status).toBe(401);
  });

  it("never shows another company's entries", async () => {
    const theirs = pageOf(await auditLog(otherTenant.access, '?limit=500')).items;
    expect(theirs.map((entry) => entry.action)).toEqual(['account_activated', 'account_provisioned']);
    const ours = pageOf(await auditLog(tenant.access, '?limit=500')).items;
    const ourTargets = new Set(ours.map((entry) => entry.target.id));
    expect(theirs.some((entry) => ourTargets.has(entry.target.id))).toBe(false);
    expect(ours.some((entry) => theirs.some((their) => their.id === entry.id))).toBe(false);
    // Asking for one of our accounts by id finds nothing from the other company.
    expect(pageOf(await auditLog(otherTenant.access, `?targetId=${admin.id}`)).items).toEqual([]);
  });

  it('carries no e-mail address or name anywhere in the answer', async () => {
    const bodies = [JSON.stringify((await auditLog(tenant.access, '?limit=500')).body), JSON.stringify((await auditLog(otherTenant.access, '?limit=500')).body)];
    for (const body of bodies) {
      expect(body).not.toMatch(/@/);
      for (const address of every()) expect(body).not.toContain(address);
      expect(body).not.toContain('花子');
    }
  });
});
