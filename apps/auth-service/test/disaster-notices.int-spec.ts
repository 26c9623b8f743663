import { ServiceProcess, waitFor } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import { announceTenant, AuthMailbox, call, publishEvent, startAuthService, uniqueSlug } from './auth-test-kit';

const smtpPort = 3319;
const password = 'tsunami drill at noon 9';

/**
 * JMA withdrew (取消) a report that triggered safety checks: dispatch publishes
 * `disaster.cancellation-notice` per tenant, and auth-service — which holds the crisis team's
 * addresses — mails that tenant's active owners and admins, through the real broker and SMTP.
 */
describe('auth-service: JMA cancellation notices to the crisis team', () => {
  const mails = new AuthMailbox(smtpPort);
  let auth: ServiceProcess;
  const affected = { slug: uniqueSlug(), owner: `owner-${randomUUID().slice(0, 8)}@affected.example`, id: '' };
  const other = { slug: uniqueSlug(), owner: `owner-${randomUUID().slice(0, 8)}@other.example`, id: '' };

  async function activate(email: string): Promise<void> {
    const token = await mails.tokenMailedTo(email, /activate/);
    expect((await call(auth.baseUrl, 'POST', '/v1/account-activations', { body: { token, password } })).status).toBe(204);
  }

  beforeAll(async () => {
    await mails.start();
    auth = await startAuthService(3311, smtpPort);
    affected.id = await announceTenant(affected.slug, affected.owner);
    other.id = await announceTenant(other.slug, other.owner);
    await activate(affected.owner);
    await activate(other.owner);
  });

  afterAll(async () => {
    await auth?.stop();
    await mails.stop();
  });

  it("mails the affected tenant's owner what was stopped and what had already gone out, and nobody else", async () => {
    const sentAlert = randomUUID();
    await publishEvent({ type: 'disaster.cancellation-notice', tenantId: affected.id, payload: { jmaEventId: '20110311144640', closedAlertIds: [randomUUID()], alreadySentAlertIds: [sentAlert] } });
    const withdrawn = (mail: { recipients: string[]; text: string }, address: string) => mail.recipients.includes(address) && mail.text.includes('取り消しました');
    const mail = await waitFor(() => mails.mails.find((candidate) => withdrawn(candidate, affected.owner)), { timeoutMs: 60_000, what: 'the cancellation mail' });
    expect(mail.text).toContain('EventID 20110311144640');
    expect(mail.text).toContain(`/alerts/${sentAlert}`);
    // The other tenant's owner is active too, and must get nothing about it.
    expect(mails.mails.filter((candidate) => withdrawn(candidate, other.owner))).toEqual([]);
  });
});
