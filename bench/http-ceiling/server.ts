/**
 * One HTTP server of the ceiling benchmark (bench/http-ceiling/run.ts starts it): the same
 * request — a form POST to /a/:token answered by a 3 KB HTML page, no database — served by one
 * of four stacks, each one layer more than the last.
 *
 *   node -r @swc-node/register bench/http-ceiling/server.ts <stack> <port>
 */
import 'reflect-metadata';
import { HttpMetrics, METRICS_REGISTRY, ObservabilityModule, READINESS_CHECKS } from '@anpi/observability';
import { installRequestObservability, requestIdOptions } from '@anpi/service-bootstrap';
import { Body, Controller, Header, HttpCode, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify from 'fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import { createServer } from 'node:http';

export const stacks = ['node-http', 'fastify', 'nest', 'nest-anpi'] as const;
export type Stack = (typeof stacks)[number];

const page = `<!doctype html><html lang="ja"><body>${'安否確認 '.repeat(300)}</body></html>`;
const formParser = (_request: unknown, body: string, done: (error: null, value: Record<string, string>) => void) => done(null, Object.fromEntries(new URLSearchParams(body)));

@Controller()
class AnswerController {
  @Post('a/:token')
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  submit(@Param('token') token: string, @Body() form: Record<string, string>): string {
    return token && form ? page : '';
  }
}

@Module({ controllers: [AnswerController] })
class PlainModule {}

@Module({
  imports: [ObservabilityModule.forRoot({ serviceName: 'http-ceiling', logLevel: 'warn', readinessChecks: { provide: READINESS_CHECKS, useValue: [] } })],
  controllers: [AnswerController],
})
class AnpiModule {}

async function nest(withAnpiObservability: boolean, port: number): Promise<void> {
  const adapter = new FastifyAdapter({ bodyLimit: 1_048_576, trustProxy: true, ...(withAnpiObservability ? requestIdOptions : {}) });
  const app = await NestFactory.create<NestFastifyApplication>(withAnpiObservability ? AnpiModule : PlainModule, adapter, { logger: ['error'], bufferLogs: withAnpiObservability });
  if (withAnpiObservability) {
    // Exactly what createServiceApp installs for every service.
    app.useLogger(app.get(Logger));
    installRequestObservability(app.getHttpAdapter().getInstance(), { metrics: new HttpMetrics(app.get(METRICS_REGISTRY)), accessLog: await app.resolve(PinoLogger) });
  }
  await app.listen(port, '127.0.0.1');
}

const servers: Record<Stack, (port: number) => Promise<void>> = {
  'node-http': async (port) => {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) }).end(page);
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  },
  fastify: async (port) => {
    const app = Fastify({ bodyLimit: 1_048_576 });
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, formParser);
    app.post('/a/:token', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
    await app.listen({ port, host: '127.0.0.1' });
  },
  nest: (port) => nest(false, port),
  'nest-anpi': (port) => nest(true, port),
};

if (require.main === module) {
  const [stack, port] = [process.argv[2] as Stack, Number(process.argv[3])];
  if (!stacks.includes(stack) || !(port > 0)) {
    console.error(`usage: server.ts <${stacks.join('|')}> <port>`);
    process.exit(2);
  }
  servers[stack](port).then(() => process.stdout.write('ready\n'));
}
