import { resolve } from 'node:path';

/** Where the versioned .proto contracts live (shipped with the contracts library). */
export const protoDirectory = resolve(__dirname, '../proto');

export const GRPC_CONTRACTS = {
  directory: { file: 'anpi/directory/v1/directory.proto', service: 'anpi.directory.v1.DirectoryService' },
  alerts: { file: 'anpi/dispatch/v1/alerts.proto', service: 'anpi.dispatch.v1.AlertService' },
  responses: { file: 'anpi/responses/v1/responses.proto', service: 'anpi.responses.v1.ResponseService' },
} as const;
