/** What the console keeps of a log-in. sessionStorage: gone with the tab, never shared between tabs. */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  tenant: string;
}

const key = 'anpi.session';

/** `expired`: the services refused the session; `logged_out`: the user ended it. */
export type SessionEnd = 'expired' | 'logged_out';

type Listener = (session: SessionTokens | undefined, ended?: SessionEnd) => void;

/** The current session, persisted in a Storage so a reload keeps it; listeners hear log-in, refresh and expiry. */
export class SessionStore {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>) {}

  current(): SessionTokens | undefined {
    const text = this.storage.getItem(key);
    if (!text) return undefined;
    try {
      const parsed = JSON.parse(text) as Partial<SessionTokens>;
      return typeof parsed.accessToken === 'string' && typeof parsed.refreshToken === 'string' && typeof parsed.tenant === 'string'
        ? { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken, tenant: parsed.tenant }
        : undefined;
    } catch {
      return undefined;
    }
  }

  save(session: SessionTokens): void {
    this.storage.setItem(key, JSON.stringify(session));
    this.listeners.forEach((listener) => listener(session));
  }

  clear(ended: SessionEnd = 'expired'): void {
    this.storage.removeItem(key);
    this.listeners.forEach((listener) => listener(undefined, ended));
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
