/** The console's screens by path. Public ones work without a session. */
export type Route =
  | { screen: 'login' | 'signup' | 'activate' | 'reset' | 'forgot' }
  | { screen: 'compose' | 'directory' | 'team' | 'audit' | 'settings' | 'disaster' }
  | { screen: 'dashboard'; alertId?: string };

export function routeOf(pathname: string): Route {
  const alert = /^\/alerts(?:\/([0-9a-fA-F-]{36}))?\/?$/.exec(pathname);
  if (alert) return { screen: 'dashboard', alertId: alert[1] };
  const screens: Record<string, Route['screen']> = {
    '/login': 'login',
    '/signup': 'signup',
    '/activate': 'activate',
    '/reset-password': 'reset',
    '/forgot-password': 'forgot',
    '/directory': 'directory',
    '/team': 'team',
    '/audit': 'audit',
    '/settings': 'settings',
    '/disaster-rules': 'disaster',
  };
  return { screen: screens[pathname.replace(/\/$/, '')] ?? 'compose' } as Route;
}

export function isPublic(route: Route): boolean {
  return route.screen === 'login' || route.screen === 'signup' || route.screen === 'activate' || route.screen === 'reset' || route.screen === 'forgot';
}
