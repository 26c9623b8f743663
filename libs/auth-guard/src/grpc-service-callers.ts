import { status } from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { AnpiServiceName, ServiceTokenRejected, ServiceTokenVerifier } from './service-token';

/**
 * The service-token check of internal gRPC calls (ServiceTokenGuard does the same for HTTP): a
 * bearer token in the `authorization` metadata, minted for this service, from one of the
 * callers allowed to do `purpose`. Refusals are UNAUTHENTICATED / PERMISSION_DENIED, raised
 * before anything is read or written.
 */
export class GrpcServiceCallers {
  private readonly logger = new Logger(GrpcServiceCallers.name);

  constructor(
    private readonly verifier: ServiceTokenVerifier,
    private readonly allowedCallers: ReadonlySet<AnpiServiceName>,
    private readonly purpose: string,
  ) {}

  async authenticate(authorization: unknown): Promise<AnpiServiceName> {
    const token = typeof authorization === 'string' && authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length).trim() : '';
    if (token.length === 0) throw new RpcException({ code: status.UNAUTHENTICATED, message: 'service token required' });
    const caller = await this.verify(token);
    if (!this.allowedCallers.has(caller)) throw new RpcException({ code: status.PERMISSION_DENIED, message: `${caller} may not ${this.purpose}` });
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
