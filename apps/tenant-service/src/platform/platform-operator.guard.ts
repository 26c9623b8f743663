import { CanActivate, createParamDecorator, ExecutionContext, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { OperatorTokenRejected, OperatorTokenVerifier } from './operator-token-verifier';

/** A platform operator acting, and from where (for the platform audit log). */
export interface Operator {
  operatorId: string;
  ip: string | null;
}

interface RequestWithOperator {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  operator?: Operator;
}

/** The verified operator of a route protected by PlatformOperatorGuard. */
export const CurrentOperator = createParamDecorator((_data: unknown, context: ExecutionContext): Operator => {
  const operator = context.switchToHttp().getRequest<RequestWithOperator>().operator;
  if (!operator) throw new Error('@CurrentOperator() used on a route without PlatformOperatorGuard');
  return operator;
});

/**
 * Protects the /v1/platform routes: only a platform operator's token (platform audience,
 * role platform_operator) passes; a tenant user's token, whatever its role, is refused.
 * All refusals say the same thing; which check failed is for the log.
 */
@Injectable()
export class PlatformOperatorGuard implements CanActivate {
  private readonly logger = new Logger(PlatformOperatorGuard.name);

  constructor(private readonly verifier: OperatorTokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithOperator>();
    const header = request.headers['authorization'];
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    if (token.length === 0) throw new UnauthorizedException('operator token required');
    try {
      request.operator = { operatorId: await this.verifier.verify(token), ip: request.ip ?? null };
      return true;
    } catch (error) {
      if (!(error instanceof OperatorTokenRejected)) throw error;
      this.logger.warn(error.message);
      throw new UnauthorizedException('invalid or expired operator token');
    }
  }
}
