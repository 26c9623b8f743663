/**
 * Errors that say "the database or network is away", not "this message is bad". They must
 * not burn retry attempts or fill the DLQ: the batch is left uncommitted and read again
 * once the dependency is back.
 */
const transientCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '25006', '40001', '40P01']);

export function isTransientInfrastructureError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error as { driverError?: { code?: unknown } }).driverError?.code;
  if (typeof code === 'string' && (transientCodes.has(code) || code.startsWith('08'))) {
    return true;
  }
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    error.message,
  );
}
