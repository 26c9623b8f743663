import { isPublic, routeOf } from './routes';

describe('routeOf', () => {
  it('maps paths to screens, the e-mailed link targets included', () => {
    expect(routeOf('/activate')).toEqual({ screen: 'activate' });
    expect(routeOf('/reset-password')).toEqual({ screen: 'reset' });
    expect(routeOf('/alerts/3f0c1a52-3c1e-4c39-9a57-2d1f4b8b9e10')).toEqual({ screen: 'dashboard', alertId: '3f0c1a52-3c1e-4c39-9a57-2d1f4b8b9e10' });
    expect(routeOf('/alerts')).toEqual({ screen: 'dashboard', alertId: undefined });
    expect(routeOf('/directory/')).toEqual({ screen: 'directory' });
    expect(routeOf('/team')).toEqual({ screen: 'team' });
    expect(routeOf('/anything-else')).toEqual({ screen: 'compose' });
  });

  it('needs a session everywhere but on the log-in, sign-up and e-mailed screens', () => {
    expect(['/login', '/signup', '/activate', '/reset-password', '/forgot-password'].every((path) => isPublic(routeOf(path)))).toBe(true);
    expect(['/', '/alerts', '/directory', '/team', '/audit', '/settings'].some((path) => isPublic(routeOf(path)))).toBe(false);
  });
});
