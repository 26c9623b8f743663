import type { Server } from 'node:http';

export interface SlowClientLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

/**
 * A client that trickles its headers or body (slow-loris) is answered 408 and cut off once
 * the limits pass, so a crowd of them cannot hold every socket of the answer page.
 * Node checks these limits on a timer; a check every second keeps the bound tight. Must be
 * applied before the server listens (the timer starts then). Responses are not limited: the
 * SSE live views stay open.
 */
export function limitSlowClients(server: Server, limits: SlowClientLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs);
  // Read by Node when listening starts; @types/node only types it as a constructor option.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = 1_000;
}
