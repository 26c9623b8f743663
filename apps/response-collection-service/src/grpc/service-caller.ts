import { AnpiServiceName, ServiceTokenRejected, ServiceTokenVerifier } from '@anpi/auth-guard';
import { status } from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';

/**
 * The service-token check of gRPC calls (as tenant-service's DirectoryService does it): a
 * bearer token in the `authorization` metadata, minted for this service, from an allowed
 * caller. Refusals become UNAUTHENTICATED / PERMISSION_DENIED before any data is read.
 */
export class ServiceCallerAuthentication {
  private readonly logger = new Logger(ServiceCallerAuthentication.name);

  constructor(
    private readonly verifier: ServiceTokenVerifier,
    private readonly allowedCallers: ReadonlySet<AnpiServiceName>,
  ) {}

  async authenticate(authorization: unknown): Promise<AnpiServiceName> {
    const token = typeof authorization === 'string' && authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length).trim() : '';
    if (token.length === 0) throw new RpcException({ code: status.UNAUTHENTICATED, message: 'service token required' });
    const caller = await this.verify(token);
    if (!this.allowedCallers.has(caller)) throw new RpcException({ code: status.PERMISSION_DENIED, message: `${caller} may not read answers` });
    return caller;
  }

  private async verify(token: string): Promise<AnpiServiceName> {
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      if (!(error instanceof ServiceTokenRejected)) throw error;
      this.logger.warn(error.message);
      throw new RpcException({ code: status.UNAUTHENTICATED, message: 'invalid or expired service token' });
    }
  }
}
