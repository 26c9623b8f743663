import { ReactNode, useEffect, useState } from 'react';
import type { PlatformNotice } from '../api/tenant-api';
import { useConsole, useTranslation } from './console-context';
import { MessageKey } from '../i18n/messages';
import { OwnSafetyCheckRegion } from '../own-safety-check/OwnSafetyCheckRegion';
import { OwnSafetyChecksProvider } from '../own-safety-check/own-safety-checks-context';

const links: { path: string; label: MessageKey; roles?: string[] }[] = [
  { path: '/', label: 'nav.compose' },
  { path: '/alerts', label: 'nav.dashboard' },
  { path: '/directory', label: 'nav.directory' },
  { path: '/team', label: 'nav.team', roles: ['owner', 'admin'] },
  { path: '/disaster-rules', label: 'nav.disaster', roles: ['owner', 'admin'] },
  { path: '/audit', label: 'nav.audit', roles: ['owner', 'admin'] },
  { path: '/settings', label: 'nav.settings' },
];

export function Layout({ signedIn, children }: { signedIn: boolean; children: ReactNode }) {
  const { api, navigate, language, setLanguage, principal } = useConsole();
  const { t } = useTranslation();
  const current = location.pathname;

  async function logOut() {
    const session = api.session.current();
    if (session) await api.auth.logOut(session.refreshToken).catch(() => undefined);
    api.session.clear('logged_out');
    navigate('/login');
  }

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="top-bar">
        <span className="brand" lang="ja">
          Anpi 安否
        </span>
        {signedIn && (
          <nav aria-label={t('nav.main')}>
            <ul>
              {links
                .filter((link) => !link.roles || !principal || link.roles.includes(principal.role))
                .map((link) => {
                  const active = link.path === '/' ? current === '/' : current.startsWith(link.path);
                  return (
                    <li key={link.path}>
                      <a href={link.path} aria-current={active ? 'page' : undefined} onClick={(event) => (event.preventDefault(), navigate(link.path))}>
                        {t(link.label)}
                      </a>
                    </li>
                  );
                })}
            </ul>
          </nav>
        )}
        <div className="top-actions">
          <button type="button" className="link" lang={language === 'ja' ? 'en' : 'ja'} onClick={() => setLanguage(language === 'ja' ? 'en' : 'ja')}>
            {t('nav.language')}
          </button>
          {signedIn && (
            <button type="button" className="link" onClick={() => void logOut()}>
              {t('nav.logout')}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {signedIn && (principal?.role === 'owner' || principal?.role === 'admin') && <PlatformNotices />}
        {/* Every signed-in user's own safety checks, above whichever screen they work on; screens (Team, Settings) read and reload the same list. */}
        <OwnSafetyChecksProvider signedIn={signedIn} pathname={current}>
          {signedIn && <OwnSafetyCheckRegion />}
          {children}
        </OwnSafetyChecksProvider>
      </main>
    </>
  );
}

/** Incidents and maintenance announced by the installation's operators (read-only). */
function PlatformNotices() {
  const { api } = useConsole();
  const { t } = useTranslation();
  const [notices, setNotices] = useState<PlatformNotice[]>([]);
  // A notice is informative: if the list cannot be read, the console works on without it.
  useEffect(() => void api.tenant.notices().then((page) => setNotices(page.items), () => setNotices([])), [api]);
  if (notices.length === 0) return null;
  return (
    <section className="notice" aria-label={t('notices.heading')}>
      {notices.map((notice) => (
        <p key={notice.id}>
          <strong>
            [{t(notice.kind === 'incident' ? 'notices.incident' : 'notices.maintenance')}] {notice.title}
          </strong>{' '}
          {notice.body} <time dateTime={notice.postedAt}>{new Date(notice.postedAt).toLocaleString()}</time>
        </p>
      ))}
    </section>
  );
}
