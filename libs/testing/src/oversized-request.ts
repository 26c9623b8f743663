import { request } from 'node:http';

/**
 * The HTTP status a service answers to a request that announces a `contentLength`-byte body,
 * without sending the body. A service refuses an oversized body on its declared length and
 * closes the connection; a client that really sends megabytes then races that close and gets
 * EPIPE instead of the status (undici's fetch reports "fetch failed"), now and then.
 */
export function statusOfRequestDeclaring(url: string, declared: { method?: string; headers?: Record<string, string>; contentLength: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    const pending = request(url, { method: declared.method ?? 'POST', headers: { ...declared.headers, 'content-length': String(declared.contentLength) } });
    pending.on('response', (response) => {
      resolve(response.statusCode ?? 0);
      pending.destroy();
    });
    pending.on('error', reject);
    pending.setTimeout(10_000, () => pending.destroy(new Error(`no response from ${url} within 10 s`)));
    pending.flushHeaders();
  });
}
