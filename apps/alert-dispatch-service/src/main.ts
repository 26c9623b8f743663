import 'reflect-metadata';
import { startAlertDispatchService } from './alert-dispatch-service-app';
import { loadAlertDispatchServiceConfig } from './config';

startAlertDispatchService(loadAlertDispatchServiceConfig()).catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
