import { loadSync } from '@grpc/proto-loader';
import { GRPC_CONTRACTS, protoDirectory } from './grpc-contracts';

describe('gRPC contracts', () => {
  it.each(Object.entries(GRPC_CONTRACTS))('%s parses and defines its service', (_name, contract) => {
    const definition = loadSync(contract.file, { includeDirs: [protoDirectory], keepCase: true, defaults: true, oneofs: true });
    expect(Object.keys(definition)).toContain(contract.service);
  });

  it('streams recipients from ResolveRecipients', () => {
    const definition = loadSync(GRPC_CONTRACTS.directory.file, { includeDirs: [protoDirectory] });
    const service = definition[GRPC_CONTRACTS.directory.service] as unknown as Record<string, { responseStream: boolean; requestStream: boolean }>;
    expect(service.ResolveRecipients).toMatchObject({ requestStream: false, responseStream: true });
    expect(service.ResolveRecipientPages).toMatchObject({ requestStream: false, responseStream: true });
  });
});
