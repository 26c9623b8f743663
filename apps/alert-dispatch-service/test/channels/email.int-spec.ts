import { randomBytes } from 'node:crypto';
import { decodedParts } from '@anpi/testing';
import { SMTPServer } from 'smtp-server';
import { ChannelMessage, TenantChannelSettings } from '../../src/channels';
import { TenantTemplates, renderMessage } from '../../src/templates';
import { ChannelTestStack } from './channel-test-stack';

const tenantId = '0193f0c8-0000-7000-8000-0000000000aa';

interface ReceivedMail {
  recipients: string[];
  raw: string;
}

describe('e-mail over pooled SMTP to a real SMTP server', () => {
  let stack: ChannelTestStack;
  let server: SMTPServer;
  const received: ReceivedMail[] = [];
  let connections = 0;
  let rejectNext: ((recipient: string) => string | undefined) | undefined;

  beforeAll(async () => {
    stack = await ChannelTestStack.start({ SMTP_POOL_MAX_CONNECTIONS: '4', SMTP_POOL_MAX_MESSAGES: '50' });
    server = new SMTPServer({
      authOptional: false,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onConnect: (_session, callback) => {
        connections += 1;
        callback();
      },
      onAuth: (auth, _session, callback) =>
        auth.username === 'anpi' && auth.password === 'smtp-secret' ? callback(null, { user: 'anpi' }) : callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 })),
      onRcptTo: (address, _session, callback) => {
        const refusal = rejectNext?.(address.address);
        return refusal ? callback(Object.assign(new Error(refusal), { responseCode: 550 })) : callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({ recipients: session.envelope.rcptTo.map((recipient) => recipient.address), raw: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(2525, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await stack.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const settings: TenantChannelSettings = {
    email: { host: '127.0.0.1', port: 2525, secure: false, auth: { user: 'anpi', pass: 'smtp-secret' }, from: 'Anpi <anpi@acme.example>' },
  };

  it('gives each of 200 recipients exactly their own answer link, over a few pooled connections', async () => {
    const templates = TenantTemplates.defaults();
    const channels = stack.registry.forTenant(tenantId, settings);
    const recipients = Array.from({ length: 200 }, (_, index) => ({
      email: `employee${index}@acme.example`,
      name: `社員 ${index}`,
      answerUrl: `https://anpi.example/a/${randomBytes(16).toString('base64url')}`,
      language: index % 2 === 0 ? ('ja' as const) : ('en' as const),
    }));
    const connectionsBefore = connections;
    const reports = await Promise.all(
      recipients.map((recipient, index) => {
        const rendered = renderMessage(templates, {
          channel: 'email',
          language: recipient.language,
          drill: false,
          reminder: false,
          maxSmsSegments: 3,
          values: { name: recipient.name, answerUrl: recipient.answerUrl, alertTitle: '震度6強', alertBody: '', companyName: 'Acme', sentAt: '' },
        });
        const message: ChannelMessage = {
          deliveryId: `0193f0c8-0000-7000-8000-${String(index).padStart(12, '0')}`,
          tenantId,
          recipientAddress: recipient.email,
          answerUrl: recipient.answerUrl,
          drill: false,
          language: recipient.language,
          ...rendered,
        };
        return channels.send('email', message);
      }),
    );
    expect(reports.filter((report) => report.outcome.status === 'sent')).toHaveLength(200);
    expect(connections - connectionsBefore).toBeLessThanOrEqual(8);

    const allLinks = new Set(recipients.map((recipient) => recipient.answerUrl));
    for (const recipient of recipients) {
      const mails = received.filter((mail) => mail.recipients.includes(recipient.email));
      expect(mails).toHaveLength(1);
      const [text, html] = decodedParts(mails[0].raw);
      for (const part of [text, html]) {
        expect(part.split(recipient.answerUrl)).toHaveLength(2);
        const othersLinks = [...allLinks].filter((link) => link !== recipient.answerUrl && part.includes(link));
        expect(othersLinks).toEqual([]);
      }
      expect(text).toContain(recipient.name);
      expect(html).toContain(`<a href="${recipient.answerUrl}"`);
    }
  });

  it('reads a refused mailbox (550) as permanent and wrong credentials (535) as permanent', async () => {
    rejectNext = (address) => (address === 'gone@acme.example' ? 'mailbox unavailable' : undefined);
    const message: ChannelMessage = {
      deliveryId: '0193f0c8-0000-7000-8000-100000000000',
      tenantId,
      recipientAddress: 'gone@acme.example',
      subject: '【安否確認】',
      body: 'https://anpi.example/a/x',
      answerUrl: 'https://anpi.example/a/x',
      drill: false,
      language: 'ja',
    };
    const refused = await stack.registry.forTenant(tenantId, settings).send('email', message);
    expect(refused).toMatchObject({ attempts: 1, outcome: { status: 'permanent-failure', kind: 'rejected-recipient' } });
    rejectNext = undefined;

    const wrongPassword = { email: { ...settings.email!, auth: { user: 'anpi', pass: 'wrong' } } };
    const denied = await stack.registry.forTenant(tenantId, wrongPassword).send('email', { ...message, recipientAddress: 'someone@acme.example' });
    expect(denied).toMatchObject({ attempts: 1, outcome: { status: 'permanent-failure', kind: 'rejected-credentials' } });
  });

  it('retries a server that is not there and reports it as transient', async () => {
    const nowhere = { email: { ...settings.email!, port: 2534 } };
    const report = await stack.registry.forTenant(tenantId, nowhere).send('email', {
      deliveryId: '0193f0c8-0000-7000-8000-200000000000',
      tenantId,
      recipientAddress: 'someone@acme.example',
      subject: 's',
      body: 'https://anpi.example/a/y',
      answerUrl: 'https://anpi.example/a/y',
      drill: false,
      language: 'en',
    });
    expect(report).toMatchObject({ attempts: 3, outcome: { status: 'transient-failure', kind: 'network' } });
  });
});
