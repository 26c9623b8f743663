export interface BoundedResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

export class FeedFetchError extends Error {
  constructor(
    readonly reason: 'timeout' | 'too-large' | 'network' | 'http-status',
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'FeedFetchError';
  }
}

/**
 * GET with a deadline for the whole exchange (a server that hangs mid-body is cut off too) and
 * a byte cap enforced while reading, so a hostile or broken server cannot exhaust memory.
 */
export async function fetchBounded(url: string, options: { timeoutMs: number; maxBytes: number; headers?: Record<string, string> }): Promise<BoundedResponse> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await fetch(url, { headers: options.headers, signal, redirect: 'error' });
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > options.maxBytes) {
      await response.body?.cancel();
      throw new FeedFetchError('too-large', `${url} announces ${declared} bytes, over ${options.maxBytes}`);
    }
    return { status: response.status, headers: response.headers, body: await readCapped(response, options.maxBytes, url) };
  } catch (error) {
    if (error instanceof FeedFetchError) throw error;
    if (signal.aborted) throw new FeedFetchError('timeout', `${url} did not answer within ${options.timeoutMs} ms`);
    throw new FeedFetchError('network', `${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function readCapped(response: Response, maxBytes: number, url: string): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FeedFetchError('too-large', `${url} sent more than ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(value));
  }
}
