import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What every log line and metric exemplar may carry about the work in progress. */
export interface RequestContext {
  requestId: string;
  traceId?: string;
  tenantId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Called once the tenant is known (verified token, validated event). */
export function setContextTenant(tenantId: string): void {
  const context = storage.getStore();
  if (context) {
    context.tenantId = tenantId;
  }
}

const safeRequestId = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * A caller's X-Request-Id is kept when it looks like an id (it links logs across services);
 * anything else is replaced, so log lines cannot be forged through the header.
 * The id is stored back on the request so every reader gets the same one.
 */
export function resolveRequestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  if (typeof given === 'string' && safeRequestId.test(given)) {
    return given;
  }
  const generated = randomUUID();
  request.headers['x-request-id'] = generated;
  return generated;
}

/** W3C traceparent: version-traceid-parentid-flags. */
export function traceIdFrom(request: IncomingMessage): string | undefined {
  const header = request.headers['traceparent'];
  const match = typeof header === 'string' ? /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(header) : null;
  return match?.[1];
}
