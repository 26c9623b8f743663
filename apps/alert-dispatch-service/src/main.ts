import 'reflect-metadata';
import { createServiceApp, startServiceApp } from '@anpi/service-bootstrap';
import { alertServiceTransport } from './alerts/alert-service-transport';
import { alertDispatchServiceModule } from './app.module';
import { loadAlertDispatchServiceConfig } from './config';

async function main(): Promise<void> {
  const config = loadAlertDispatchServiceConfig();
  const options = { rootModule: alertDispatchServiceModule(config), httpHost: config.HTTP_HOST, httpPort: config.HTTP_PORT, shutdownGraceMs: config.SHUTDOWN_GRACE_MS };
  const app = await createServiceApp(options);
  // Without inheritAppConfig: the HTTP error filter rethrows non-HTTP errors, and gRPC needs RpcException's status.
  app.connectMicroservice(alertServiceTransport(config.GRPC_URL));
  await startServiceApp(app, options);
}

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
