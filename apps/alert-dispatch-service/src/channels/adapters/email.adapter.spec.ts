import { failureForSmtpError } from './email.adapter';
import { emailHtmlFromText } from './email-html';

describe('SMTP errors', () => {
  it.each([
    [{ code: 'EENVELOPE', responseCode: 550, message: 'mailbox unavailable' }, 'permanent-failure', 'rejected-recipient'],
    [{ code: 'EAUTH', responseCode: 535, message: 'bad credentials' }, 'permanent-failure', 'rejected-credentials'],
    [{ code: 'EMESSAGE', responseCode: 552, message: 'too big' }, 'permanent-failure', 'rejected-message'],
    [{ code: 'EENVELOPE', responseCode: 451, message: 'try later' }, 'transient-failure', 'server-error'],
    [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }, 'transient-failure', 'network'],
    [{ code: 'ETIMEDOUT', message: 'Timeout' }, 'transient-failure', 'timeout'],
    [{ code: 'EAUTH', message: 'no AUTH offered' }, 'permanent-failure', 'rejected-credentials'],
  ])('%j → %s (%s)', (error, status, kind) => {
    expect(failureForSmtpError(error)).toMatchObject({ status, kind });
  });
});

describe('the HTML part', () => {
  const url = 'https://anpi.example/a/token-1';

  it('carries the answer link once, as a labelled link, and escapes the text', () => {
    const html = emailHtmlFromText(`<b>山田</b> 様\n回答:\n${url}\n`, url, 'ja');
    expect(html.split(url)).toHaveLength(2);
    expect(html).toContain(`<a href="${url}"`);
    expect(html).toContain('安否を回答する</a>');
    expect(html).toContain('&lt;b&gt;山田&lt;/b&gt; 様<br>');
  });
});
