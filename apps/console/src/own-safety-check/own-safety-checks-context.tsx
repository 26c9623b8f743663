import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { MySafetyChecks, OwnAnswer } from '../api/responses-api';
import { useConsole } from '../app/console-context';
import { RELOAD_INTERVAL_MS, withOwnAnswer } from './own-safety-check';

export interface OwnSafetyChecksValue {
  /** undefined until first read (and while signed out). */
  list: MySafetyChecks | undefined;
  /** Reads the list again, e.g. after the signed-in user linked their own account. */
  reload: () => void;
  /** Shows an answer just saved at once (the region need not wait for the next read). */
  answered: (alertId: string, answer: OwnAnswer) => void;
}

const OwnSafetyChecksContext = createContext<OwnSafetyChecksValue>({ list: undefined, reload: () => undefined, answered: () => undefined });

export const useOwnSafetyChecks = () => useContext(OwnSafetyChecksContext);

/**
 * The signed-in person's own open safety checks, for the whole console: read when signed in,
 * whenever the screen changes and every minute. A read replaces the list only when it answers,
 * so nothing flashes; a failed read keeps what was shown (the console works on without it).
 */
export function OwnSafetyChecksProvider({ signedIn, pathname, children }: { signedIn: boolean; pathname: string; children: ReactNode }) {
  const { api } = useConsole();
  const [list, setList] = useState<MySafetyChecks>();
  // Only the latest read may land: an older one answering late would bring back an outdated answer.
  const latestRead = useRef(0);

  const reload = useCallback(() => {
    const read = ++latestRead.current;
    api.responses.mySafetyChecks().then(
      (next) => read === latestRead.current && setList(next),
      () => undefined,
    );
  }, [api]);

  useEffect(() => {
    if (!signedIn) {
      latestRead.current += 1;
      setList(undefined);
      return;
    }
    reload();
  }, [signedIn, pathname, reload]);

  useEffect(() => {
    if (!signedIn) return;
    const timer = setInterval(reload, RELOAD_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [signedIn, reload]);

  const answered = useCallback((alertId: string, answer: OwnAnswer) => {
    latestRead.current += 1;
    setList((current) => current && withOwnAnswer(current, alertId, answer));
  }, []);

  const value = useMemo(() => ({ list, reload, answered }), [list, reload, answered]);
  return <OwnSafetyChecksContext.Provider value={value}>{children}</OwnSafetyChecksContext.Provider>;
}
