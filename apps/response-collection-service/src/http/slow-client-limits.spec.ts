import { createServer, Server } from 'node:http';
import { limitSlowClients } from './slow-client-limits';

describe('limitSlowClients', () => {
  it('sets both limits and a one-second check', () => {
    const server = createServer();
    limitSlowClients(server, { headersTimeoutMs: 2_000, requestTimeoutMs: 5_000 });
    expect({ headers: server.headersTimeout, request: server.requestTimeout, interval: (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval }).toEqual({ headers: 2_000, request: 5_000, interval: 1_000 });
  });

  it('never lets the request limit undercut the headers limit', () => {
    const server = createServer();
    limitSlowClients(server, { headersTimeoutMs: 4_000, requestTimeoutMs: 1_000 });
    expect(server.requestTimeout).toBe(4_000);
  });
});
