import { AnpiServiceName, ServiceTokenRejected, ServiceTokenVerifier } from '@anpi/auth-guard';
import { Logger } from '@nestjs/common';

/** Why a call was refused before any data was read; maps onto a gRPC status. */
export class CallerRefused extends Error {
  constructor(
    readonly kind: 'unauthenticated' | 'permission_denied',
    message: string,
  ) {
    super(message);
    this.name = 'CallerRefused';
  }
}

/**
 * The service-token check of gRPC calls (ServiceTokenGuard does the same for HTTP): a bearer
 * token in the `authorization` metadata, minted for this service, from one of the callers
 * allowed to read contact data.
 */
export class ServiceCallerAuthentication {
  private readonly logger = new Logger(ServiceCallerAuthentication.name);

  constructor(
    private readonly verifier: ServiceTokenVerifier,
    private readonly allowedCallers: ReadonlySet<AnpiServiceName>,
  ) {}

  async authenticate(authorization: unknown): Promise<AnpiServiceName> {
    const token = typeof authorization === 'string' && authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length).trim() : '';
    if (token.length === 0) throw new CallerRefused('unauthenticated', 'service token required');
    const caller = await this.verify(token);
    if (!this.allowedCallers.has(caller)) throw new CallerRefused('permission_denied', `${caller} may not resolve recipients`);
    return caller;
  }

  private async verify(token: string): Promise<AnpiServiceName> {
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      if (!(error instanceof ServiceTokenRejected)) throw error;
      this.logger.warn(error.message);
      throw new CallerRefused('unauthenticated', 'invalid or expired service token');
    }
  }
}
