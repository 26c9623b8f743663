/**
 * Creates a platform operator on the LOCAL stack (scripts/local.env), for trying the
 * operators' API on your machine. Production runs dist/bootstrap-operator.js directly with
 * auth-service's own environment plus the PLATFORM_OPERATOR_* variables (see
 * docs/platform-operators.md).
 *
 *   npm run build
 *   PLATFORM_OPERATOR_EMAIL=ops@anpi.local PLATFORM_OPERATOR_PASSWORD='a long passphrase 42' \
 *     node apps/auth-service/tools/bootstrap-local-operator.mjs
 *
 * Without PLATFORM_OPERATOR_TOTP_SECRET a new secret is generated and its otpauth:// URI
 * printed once, for an authenticator app. Run it again to reset password and secret.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { localServiceEnvironment } = require(resolve(root, 'libs/testing/dist'));
const { Secret, TOTP } = require('otpauth');

const email = process.env.PLATFORM_OPERATOR_EMAIL;
const password = process.env.PLATFORM_OPERATOR_PASSWORD;
if (!email || !password) {
  process.stderr.write('set PLATFORM_OPERATOR_EMAIL and PLATFORM_OPERATOR_PASSWORD (and optionally _DISPLAY_NAME, _TOTP_SECRET)\n');
  process.exit(2);
}
const generated = !process.env.PLATFORM_OPERATOR_TOTP_SECRET;
const secret = process.env.PLATFORM_OPERATOR_TOTP_SECRET ?? new Secret({ size: 20 }).base32;
const run = spawnSync(process.execPath, [resolve(root, 'apps/auth-service/dist/bootstrap-operator.js')], {
  env: {
    PATH: process.env.PATH,
    ...localServiceEnvironment('auth-service'),
    PLATFORM_OPERATOR_EMAIL: email,
    PLATFORM_OPERATOR_DISPLAY_NAME: process.env.PLATFORM_OPERATOR_DISPLAY_NAME ?? 'Local operator',
    PLATFORM_OPERATOR_PASSWORD: password,
    PLATFORM_OPERATOR_TOTP_SECRET: secret,
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (run.status === 0 && generated) {
  process.stdout.write(`authenticator app (shown once): ${new TOTP({ issuer: 'Anpi platform', label: email, secret: Secret.fromBase32(secret) }).toString()}\n`);
}
process.exit(run.status ?? 1);
