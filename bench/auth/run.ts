/**
 * Auth benchmark: (1) AccessTokenGuard verification latency with the JWKS cached, (2) logins
 * per second and login latency with N concurrent users against a real auth-service process
 * (argon2id at its configured parameters, real PostgreSQL, real throttle and refresh tokens).
 *
 *   npm run build && node -r @swc-node/register bench/auth/run.ts [--users 50] [--seconds 20] [--think-ms 0]
 *
 * `--think-ms 0` is saturation (each user logs in again at once): the capacity figure.
 * A think time paces each user, as people who log in and then work would.
 *
 * Needs `scripts/stack up` and migrations. Ports 3355–3357. Creates a throwaway tenant.
 */
import 'reflect-metadata';
import { AccessRevocations, AccessTokenGuard, AccessTokenVerifier, remoteSigningKeys } from '@anpi/auth-guard';
import { ServiceProcess } from '@anpi/testing';
import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { announceTenant, AuthMailbox, call, signingKeySettings, uniqueSlug } from '../../apps/auth-service/test/auth-test-kit';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const [authPort, smtpPort, jwksPort] = [3355, 3356, 3357];
const password = 'kitsune ramen at dawn 7';

function percentile(sortedMs: number[], fraction: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor(sortedMs.length * fraction))];
}

const summary = (samplesMs: number[]) => {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] };
};

/** The guard as services use it: remote JWKS over HTTP, fetched once, then cached. */
async function guardVerification(iterations: number) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' }] });
  let jwksFetches = 0;
  const server = createServer((_request, response) => {
    jwksFetches += 1;
    response.setHeader('content-type', 'application/json').end(jwks);
  });
  await new Promise<void>((resolve) => server.listen(jwksPort, '127.0.0.1', resolve));
  const issuer = 'https://auth.bench';
  const verifier = new AccessTokenVerifier(remoteSigningKeys(`http://127.0.0.1:${jwksPort}/jwks.json`), { issuer, audience: 'anpi' }, new AccessRevocations());
  const guard = new AccessTokenGuard(verifier, new Reflector());
  const token = await new SignJWT({ tid: randomUUID(), role: 'admin', dep: [] })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench', typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience('anpi')
    .setSubject(randomUUID())
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime('15m')
    .sign(privateKey);
  const request = { headers: { authorization: `Bearer ${token}` } };
  const context = { switchToHttp: () => ({ getRequest: () => request }), getHandler: () => guardVerification, getClass: () => Object } as unknown as ExecutionContext;
  const samples: number[] = [];
  for (let index = 0; index < iterations + 1_000; index += 1) {
    const started = performance.now();
    await guard.canActivate(context);
    if (index >= 1_000) samples.push(performance.now() - started);
  }
  server.close();
  return { ...summary(samples), jwksFetches };
}

async function logins(users: number, seconds: number, thinkMs: number) {
  const mails = new AuthMailbox(smtpPort);
  await mails.start();
  const auth = await new ServiceProcess('auth-service', authPort, {
    ...(await signingKeySettings()),
    AUTH_TOKEN_ISSUER: `http://127.0.0.1:${authPort}`,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    LOG_LEVEL: 'warn',
  }).start();
  try {
    const tenant = uniqueSlug();
    const owner = `owner-${randomUUID().slice(0, 8)}@bench.example`;
    await announceTenant(tenant, owner);
    const token = await mails.tokenMailedTo(owner, /activate/);
    await call(auth.baseUrl, 'POST', '/v1/account-activations', { body: { token, password } });
    const samples: number[] = [];
    let failures = 0;
    const deadline = performance.now() + seconds * 1_000;
    const started = performance.now();
    // Each user has an address of its own, as 50 people in an office behind distinct proxies would.
    await Promise.all(
      Array.from({ length: users }, async (_user, index) => {
        // Paced users arrive spread over one think time, not all in the same millisecond.
        if (thinkMs > 0) await sleep(Math.random() * thinkMs);
        while (performance.now() < deadline) {
          const begun = performance.now();
          const answer = await call(auth.baseUrl, 'POST', '/v1/sessions', { body: { tenant, email: owner, password }, from: `10.9.${Math.floor(index / 250)}.${(index % 250) + 1}` });
          if (answer.status === 200) samples.push(performance.now() - begun);
          else failures += 1;
          if (thinkMs > 0) await sleep(thinkMs * (0.5 + Math.random()));
        }
      }),
    );
    const elapsedSeconds = (performance.now() - started) / 1_000;
    return { ...summary(samples), failures, loginsPerSecond: samples.length / elapsedSeconds };
  } finally {
    await auth.stop();
    await mails.stop();
  }
}

async function main(): Promise<void> {
  const users = argument('users', 50);
  const seconds = argument('seconds', 20);
  const thinkMs = argument('think-ms', 0);
  console.log(`machine: ${os.cpus()[0].model}, ${os.cpus().length} cores, Node ${process.version}, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`);
  const guard = await guardVerification(20_000);
  console.log(`guard verification (cached JWKS, ES256): ${JSON.stringify({ ...guard, p50: guard.p50.toFixed(3), p99: guard.p99.toFixed(3), max: guard.max.toFixed(3) })} ms`);
  const login = await logins(users, seconds, thinkMs);
  console.log(
    `logins, ${users} concurrent users, think time ${thinkMs} ms, ${seconds} s: ${login.loginsPerSecond.toFixed(1)}/s, p50 ${login.p50.toFixed(0)} ms, p99 ${login.p99.toFixed(0)} ms, max ${login.max.toFixed(0)} ms, ${login.count} ok, ${login.failures} failed`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
