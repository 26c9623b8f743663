import 'reflect-metadata';
import { GRPC_CONTRACTS, protoDirectory } from '@anpi/contracts';
import { createServiceApp, startServiceApp } from '@anpi/service-bootstrap';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { responseCollectionServiceModule } from './app.module';
import { loadResponseCollectionServiceConfig } from './config';
import { limitSlowClients } from './http/slow-client-limits';

async function main(): Promise<void> {
  const config = loadResponseCollectionServiceConfig();
  const options = { rootModule: responseCollectionServiceModule(config), httpHost: config.HTTP_HOST, httpPort: config.HTTP_PORT, shutdownGraceMs: config.SHUTDOWN_GRACE_MS };
  const app = await createServiceApp(options);
  limitSlowClients(app.getHttpServer(), { headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS });
  // Without inheritAppConfig: the HTTP error filter rethrows non-HTTP errors, and gRPC needs RpcException's status.
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.GRPC,
    options: {
      package: 'anpi.responses.v1',
      protoPath: GRPC_CONTRACTS.responses.file,
      url: config.GRPC_URL,
      loader: { includeDirs: [protoDirectory], keepCase: true, defaults: true, oneofs: true, enums: String },
    },
  });
  await startServiceApp(app, options);
}

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
