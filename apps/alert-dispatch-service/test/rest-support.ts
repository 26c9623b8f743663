import { HttpErrorFilter } from '@anpi/service-bootstrap';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';

/** One JSON request to the service under test with an access token; the body parsed when there is one. */
export async function bearerJsonRequest(baseUrl: string, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/**
 * The test's module served over HTTP on a free loopback port, with the service's error shape
 * (HttpErrorFilter). `trustProxy` as the service runs behind its ingress, where a test checks
 * the caller's address from X-Forwarded-For.
 */
export async function startRestApp(module: Type<unknown>, { trustProxy = false }: { trustProxy?: boolean } = {}): Promise<{ app: NestFastifyApplication; baseUrl: string }> {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter({ trustProxy }), { logger: false });
  app.useGlobalFilters(new HttpErrorFilter());
  await app.listen(0, '127.0.0.1');
  return { app, baseUrl: await app.getUrl() };
}
