import { setContextTenant } from '@anpi/observability';
import {
  CanActivate,
  createParamDecorator,
  CustomDecorator,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenRejected, AccessTokenVerifier } from './access-token-verifier';
import { Principal, PrincipalRole } from './principal';

export const ACCESS_TOKEN_VERIFIER = Symbol('ACCESS_TOKEN_VERIFIER');
const ROLES_KEY = 'anpi:roles';

interface RequestWithPrincipal {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/** Roles allowed on a route or controller; without it, any verified principal passes. */
export function Roles(...roles: PrincipalRole[]): CustomDecorator<string> {
  return SetMetadata(ROLES_KEY, roles);
}

/** The verified caller of a route protected by AccessTokenGuard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) {
    // A route that reads the principal without the guard is a programming error, not a 401.
    throw new Error('@CurrentPrincipal() used on a route without AccessTokenGuard');
  }
  return principal;
});

/**
 * Protects console and API routes: `Authorization: Bearer <access token>` must verify against
 * auth-service's keys (cached; see AccessTokenVerifier), and the principal's role must be one
 * of `@Roles(...)`. The tenant of every database call then comes from `principal.tenantId`.
 * All refusals say the same thing: which check failed is for the log, not for the caller.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  private readonly logger = new Logger(AccessTokenGuard.name);

  constructor(
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier | null,
    private readonly reflector: Reflector,
  ) {
    if (!verifier) {
      throw new Error('AccessTokenGuard needs AuthGuardModule.forRoot({ jwksUrl, issuer, audience })');
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const principal = await this.authenticate(request.headers['authorization']);
    setContextTenant(principal.tenantId);
    const allowedRoles = this.reflector.getAllAndOverride<PrincipalRole[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (allowedRoles && !allowedRoles.includes(principal.role)) {
      throw new ForbiddenException('your role does not allow this');
    }
    request.principal = principal;
    return true;
  }

  private async authenticate(header: string | string[] | undefined): Promise<Principal> {
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    if (token.length === 0) {
      throw new UnauthorizedException('access token required');
    }
    try {
      return await this.verifier!.verify(token);
    } catch (error) {
      if (error instanceof AccessTokenRejected) {
        this.logger.warn(error.message);
        throw new UnauthorizedException('invalid or expired access token');
      }
      throw error;
    }
  }
}
