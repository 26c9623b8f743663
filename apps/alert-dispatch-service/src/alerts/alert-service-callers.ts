import { AnpiServiceName, ServiceTokenRejected, ServiceTokenVerifier } from '@anpi/auth-guard';
import { Logger } from '@nestjs/common';

/** Why a gRPC call was refused before anything was read or written; maps onto a gRPC status. */
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
 * Who may call AlertService: a bearer service token in the `authorization` metadata, minted
 * for alert-dispatch-service, from one of ALERT_GRPC_CALLERS (ServiceTokenGuard does the
 * same for HTTP).
 */
export class AlertServiceCallers {
  private readonly logger = new Logger(AlertServiceCallers.name);

  constructor(
    private readonly verifier: ServiceTokenVerifier,
    private readonly allowed: ReadonlySet<AnpiServiceName>,
  ) {}

  async authenticate(authorization: unknown): Promise<AnpiServiceName> {
    const token = typeof authorization === 'string' && authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length).trim() : '';
    if (token.length === 0) throw new CallerRefused('unauthenticated', 'service token required');
    let caller: AnpiServiceName;
    try {
      caller = await this.verifier.verify(token);
    } catch (error) {
      if (!(error instanceof ServiceTokenRejected)) throw error;
      this.logger.warn(error.message);
      throw new CallerRefused('unauthenticated', 'invalid or expired service token');
    }
    if (!this.allowed.has(caller)) throw new CallerRefused('permission_denied', `${caller} may not create alerts`);
    return caller;
  }
}
