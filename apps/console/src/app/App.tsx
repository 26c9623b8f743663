import { lazy, ReactNode, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { Principal } from '../api/auth-api';
import { ConsoleApi } from '../api/console-api';
import { Language, translate } from '../i18n/messages';
import { ActivateScreen } from '../login/ActivateScreen';
import { ForgotPasswordScreen } from '../login/ForgotPasswordScreen';
import { LoginScreen } from '../login/LoginScreen';
import { SignUpScreen } from '../login/SignUpScreen';
import { ConsoleContext, ConsoleContextValue } from './console-context';
import { Layout } from './Layout';
import { isPublic, Route, routeOf } from './routes';

// Everything behind the log-in loads on demand: the first screen stays small.
const ComposeScreen = lazy(() => import('../compose/ComposeScreen').then((module) => ({ default: module.ComposeScreen })));
const DashboardScreen = lazy(() => import('../dashboard/DashboardScreen').then((module) => ({ default: module.DashboardScreen })));
const DirectoryScreen = lazy(() => import('../directory/DirectoryScreen').then((module) => ({ default: module.DirectoryScreen })));
const TeamScreen = lazy(() => import('../team/TeamScreen').then((module) => ({ default: module.TeamScreen })));
const AuditLogScreen = lazy(() => import('../audit/AuditLogScreen').then((module) => ({ default: module.AuditLogScreen })));
const DisasterRulesScreen = lazy(() => import('../disaster/DisasterRulesScreen').then((module) => ({ default: module.DisasterRulesScreen })));
const SettingsScreen = lazy(() => import('../settings/SettingsScreen').then((module) => ({ default: module.SettingsScreen })));

const initialLanguage = (): Language => (localStorage.getItem('anpi.language') === 'en' ? 'en' : 'ja');

export function App({ api }: { api: ConsoleApi }) {
  const [pathname, setPathname] = useState(location.pathname);
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const [signedIn, setSignedIn] = useState(() => api.session.current() !== undefined);
  const [principal, setPrincipal] = useState<Principal>();
  // Where the user was when the session ran out; they return there after logging in again.
  const [returnTo, setReturnTo] = useState<string>();

  const navigate = useCallback((path: string) => {
    history.pushState(null, '', path);
    setPathname(location.pathname);
    window.scrollTo(0, 0);
  }, []);

  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem('anpi.language', next);
    setLanguageState(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = translate(language, 'app.title');
  }, [language]);

  useEffect(() => {
    const onPop = () => setPathname(location.pathname);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  useEffect(
    () =>
      api.session.subscribe((session, ended) => {
        setSignedIn(session !== undefined);
        if (!session) {
          setPrincipal(undefined);
          setReturnTo(ended === 'expired' ? location.pathname : undefined);
        }
      }),
    [api],
  );

  useEffect(() => {
    if (signedIn) api.auth.current().then(setPrincipal, () => undefined);
  }, [api, signedIn]);

  const route = routeOf(pathname);
  const context: ConsoleContextValue = useMemo(() => ({ api, language, setLanguage, navigate, principal }), [api, language, setLanguage, navigate, principal]);

  let content: ReactNode;
  if (route.screen === 'signup') content = <SignUpScreen />;
  else if (route.screen === 'forgot') content = <ForgotPasswordScreen />;
  else if (route.screen === 'activate' || route.screen === 'reset') content = <ActivateScreen purpose={route.screen} />;
  else if (!signedIn || route.screen === 'login') {
    const afterLogin = () => {
      const target = returnTo && !isPublic(routeOf(returnTo)) ? returnTo : route.screen === 'login' ? '/' : pathname;
      setReturnTo(undefined);
      navigate(target);
    };
    content = <LoginScreen expired={returnTo !== undefined && !isPublic(routeOf(returnTo))} onLoggedIn={afterLogin} />;
  } else content = <Screen route={route} />;

  return (
    <ConsoleContext.Provider value={context}>
      <Layout signedIn={signedIn && !isPublic(route)}>
        <Suspense fallback={<p role="status">{translate(language, 'common.loading')}</p>}>{content}</Suspense>
      </Layout>
    </ConsoleContext.Provider>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'dashboard':
      return <DashboardScreen alertId={route.alertId} />;
    case 'directory':
      return <DirectoryScreen />;
    case 'team':
      return <TeamScreen />;
    case 'audit':
      return <AuditLogScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'disaster':
      return <DisasterRulesScreen />;
    default:
      return <ComposeScreen />;
  }
}
