import { createServiceApp, startServiceApp } from '@anpi/service-bootstrap';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { alertServiceTransport } from './alerts/alert-service-transport';
import { AlertDispatchServiceOptions, alertDispatchServiceModule } from './app.module';
import { AlertDispatchServiceConfig } from './config';

/** The service as main.ts runs it: HTTP, the Kafka consumer and the gRPC AlertService in one process. */
export async function startAlertDispatchService(config: AlertDispatchServiceConfig, options: AlertDispatchServiceOptions = {}): Promise<NestFastifyApplication> {
  const bootstrap = { rootModule: alertDispatchServiceModule(config, options), httpHost: config.HTTP_HOST, httpPort: config.HTTP_PORT, shutdownGraceMs: config.SHUTDOWN_GRACE_MS, keepRawBody: true };
  const app = await createServiceApp(bootstrap);
  // Without inheritAppConfig: the HTTP error filter rethrows non-HTTP errors, and gRPC needs RpcException's status.
  app.connectMicroservice(alertServiceTransport(config.GRPC_URL));
  await startServiceApp(app, bootstrap);
  return app;
}
