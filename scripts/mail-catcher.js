#!/usr/bin/env node
/**
 * The local stack's mailbox: a real SMTP server on 127.0.0.1 (SMTP_PORT of scripts/local.env)
 * that writes every message it receives to .stack/mail/<time>-<recipient>.eml, with the
 * decoded text beside it (.txt). Activation links, password resets and safety-check e-mails
 * sent by the local services land there. Never for anything but loopback.
 */
const fs = require('node:fs');
const path = require('node:path');
const { MailCatcher, readLocalStackSettings, repositoryRoot } = require('../libs/testing/dist');

const mailbox = path.join(repositoryRoot, '.stack/mail');
fs.mkdirSync(mailbox, { recursive: true });
const catcher = new MailCatcher(Number(readLocalStackSettings().SMTP_PORT));
const originalPush = catcher.mails.push.bind(catcher.mails);
catcher.mails.push = (...mails) => {
  for (const mail of mails) {
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${(mail.recipients[0] ?? 'unknown').replace(/[^A-Za-z0-9@._-]/g, '_')}`;
    fs.writeFileSync(path.join(mailbox, `${name}.eml`), mail.raw);
    fs.writeFileSync(path.join(mailbox, `${name}.txt`), mail.text);
  }
  // Keep nothing in memory: the files are the mailbox.
  return originalPush();
};
catcher.start().then(
  () => console.log(`[mail] catching SMTP on 127.0.0.1:${catcher.listeningPort} into .stack/mail/`),
  (error) => {
    console.error(`[mail] cannot listen: ${error.message}`);
    process.exit(1);
  },
);
process.on('SIGTERM', () => catcher.stop().then(() => process.exit(0)));
