import { ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { InternalServiceGuard } from './internal-service.guard';

const token = 'internal-token-for-unit-tests-0123456789';
const contextWith = (authorization?: string) =>
  ({ switchToHttp: () => ({ getRequest: () => ({ headers: authorization === undefined ? {} : { authorization } }) }) }) as unknown as ExecutionContext;

describe('InternalServiceGuard', () => {
  const guard = new InternalServiceGuard(token);

  it('lets the internal bearer token through', () => {
    expect(guard.canActivate(contextWith(`Bearer ${token}`))).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['a wrong token', 'Bearer internal-token-for-unit-tests-0123456780'],
    ['the token without the Bearer scheme', token],
    ['a prefix of the token', `Bearer ${token.slice(0, 10)}`],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s', (_case, header) => {
    expect(() => guard.canActivate(contextWith(header))).toThrow(UnauthorizedException);
  });
});
