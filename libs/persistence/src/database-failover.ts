import { Client, ClientConfig } from 'pg';
import { QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/**
 * SQLSTATEs after which a pooled connection must not be used again: the server it talks to
 * is shutting down or crashed (57P0x), the connection is broken (08xxx), or the node behind
 * the read-write endpoint is now a read-only standby (25006) — after a failover HAProxy
 * routes NEW connections to the new primary, old ones must go.
 */
const connectionLostCodes = new Set(['25006', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const connectionLostMessages = [/connection terminated/i, /not queryable/i, /timeout exceeded when trying to connect/i, /connection is closed/i, /server closed the connection/i];
const socketErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

interface ErrorShape {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
}

/** True when `error` means "this connection or this server is gone", not "this SQL is wrong". */
export function isConnectionLostError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  // A connection that dies while its transaction waits between statements is seen first by
  // pg's 'error' event; TypeORM then releases the query runner, and the next statement
  // fails with this instead of the SQLSTATE. The server has rolled the transaction back.
  if (error instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  const { code, message, driverError } = error as ErrorShape;
  if (driverError !== undefined && driverError !== error && isConnectionLostError(driverError)) return true;
  if (typeof code === 'string' && (connectionLostCodes.has(code) || socketErrorCodes.has(code))) return true;
  return typeof message === 'string' && connectionLostMessages.some((pattern) => pattern.test(message));
}

/**
 * The pg client every pool of ours creates (TypeORM passes `extra.Client` to pg-pool).
 * A query failing with a connection-lost error ends the client, and pg-pool drops an ended
 * client when it is released instead of lending it out again — so after a failover the pool
 * refills with connections to the new primary instead of failing one request per stale one.
 */
export class FailoverAwareClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    // pg emits 'error' when the server ends a connection that nobody is querying on: one the
    // pool has lent out but whose borrower is between statements or has just let go of it
    // (TypeORM removes its listener when it releases a failed client). With no listener that
    // is an unhandled 'error' event, and the whole service exits in the middle of a failover
    // (seen in apps/ha-e2e). The borrower learns of it from its next query anyway; here the
    // client is only ended, so the pool does not lend it out again.
    this.on('error', (error: unknown) => this.discardIfLost(error));
  }

  override query(...args: unknown[]): never {
    const result = (super.query as (...parameters: unknown[]) => unknown)(...args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).catch((error: unknown) => this.discardIfLost(error));
    }
    return result as never;
  }

  private discardIfLost(error: unknown): void {
    if (isConnectionLostError(error)) {
      this.end().catch(() => undefined);
    }
  }
}

export interface FailoverRetryOptions {
  /** Attempts in all, the first included. */
  readonly attempts?: number;
  /** Wait before the 2nd attempt; doubles each time (a failover takes seconds). */
  readonly initialDelayMs?: number;
}

/**
 * Runs IDEMPOTENT work again when it failed because the primary went away (the failover
 * window). Only for work that is safe to repeat — a transaction whose COMMIT may or may not
 * have reached the old primary must be written so a repeat changes nothing (unique keys,
 * ON CONFLICT). Other errors are rethrown at once.
 */
export async function retryOnFailover<T>(work: () => Promise<T>, options: FailoverRetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  let delayMs = options.initialDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isConnectionLostError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs *= 2;
    }
  }
}
