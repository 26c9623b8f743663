import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A provider's API on loopback (a browser's push service, LINE): answers every request alike and keeps what it got. */
export class LoopbackProvider {
  readonly received: ReceivedRequest[] = [];
  private server: Server | undefined;

  constructor(private readonly answer: { status: number; json?: unknown } = { status: 201 }) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  listen(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) });
        if (this.answer.json === undefined) response.writeHead(this.answer.status).end();
        else response.writeHead(this.answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(this.answer.json));
      });
    });
    return new Promise((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  /** The requests to one path, their JSON bodies parsed. */
  sentTo<Body>(path: string): { headers: IncomingHttpHeaders; body: Body }[] {
    return this.received.filter((request) => request.path === path).map((request) => ({ headers: request.headers, body: JSON.parse(request.body.toString('utf8')) as Body }));
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
