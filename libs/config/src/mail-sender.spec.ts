import { mailSender, splitMailSender } from './mail-sender';

describe('mail senders', () => {
  it.each([
    ['anpi@acme.example', { name: '', address: 'anpi@acme.example' }],
    ['Acme 安否確認 <anpi@acme.example>', { name: 'Acme 安否確認', address: 'anpi@acme.example' }],
    ['"Acme, Inc." <anpi@acme.example>', { name: 'Acme, Inc.', address: 'anpi@acme.example' }],
  ])('splits %s', (from, parts) => {
    expect(splitMailSender(from)).toEqual(parts);
    expect(mailSender.safeParse(from).success).toBe(true);
  });

  it.each(['a@acme.example, b@acme.example', 'Acme', 'Acme <not an address>', 'group: a@acme.example, b@acme.example;'])('refuses %s', (from) => {
    expect(splitMailSender(from)).toBeUndefined();
    expect(mailSender.safeParse(from).error?.issues[0].message).toMatch(/one e-mail address/);
  });
});
