import { GRPC_CONTRACTS, protoDirectory } from '@anpi/contracts';
import { GrpcOptions, Transport } from '@nestjs/microservices';

/** The gRPC server of anpi.dispatch.v1.AlertService, as main.ts connects it (and the tests). */
export function alertServiceTransport(url: string): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      package: 'anpi.dispatch.v1',
      protoPath: GRPC_CONTRACTS.alerts.file,
      url,
      loader: { includeDirs: [protoDirectory], keepCase: true, defaults: true, oneofs: true, enums: String },
    },
  };
}
