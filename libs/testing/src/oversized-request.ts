import { connect } from 'node:net';

/**
 * The HTTP status a service answers to a request that announces a `contentLength`-byte body,
 * without sending the body. A service refuses an oversized body on its declared length and
 * closes the connection; a client that really sends megabytes then races that close and gets
 * EPIPE instead of the status (undici's fetch reports "fetch failed"), now and then.
 */
export function statusOfRequestDeclaring(url: string, request: { method?: string; headers?: Record<string, string>; contentLength: number }): Promise<number> {
  const target = new URL(url);
  const headerLines = Object.entries({ host: target.host, ...request.headers, 'content-length': String(request.contentLength) })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(target.port || 80), target.hostname, () => socket.write(`${request.method ?? 'POST'} ${target.pathname}${target.search} HTTP/1.1\r\n${headerLines}\r\n`));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const statusLine = received.match(/^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/);
      if (statusLine) {
        socket.destroy();
        resolve(Number(statusLine[1]));
      }
    });
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no status line from ${url} within 10 s`)));
  });
}
