import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';

export const INTERNAL_API_TOKEN = Symbol('INTERNAL_API_TOKEN');

/**
 * Protects /internal/* routes that only other Anpi services call. The caller presents the
 * installation's internal token (from a Kubernetes Secret) as a bearer token; it is compared
 * in constant time. Per-service short-lived tokens replace this when auth-service issues them.
 */
@Injectable()
export class InternalServiceGuard implements CanActivate {
  private readonly expectedDigest: Buffer;

  constructor(@Inject(INTERNAL_API_TOKEN) internalToken: string) {
    this.expectedDigest = digest(internalToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    const header = request.headers['authorization'] ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    // Comparing digests keeps the comparison constant-time whatever the presented length.
    if (presented.length === 0 || !timingSafeEqual(digest(presented), this.expectedDigest)) {
      throw new UnauthorizedException('internal service credentials required');
    }
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
