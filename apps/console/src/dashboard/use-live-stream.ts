import { useEffect, useState } from 'react';
import { SessionExpired } from '../api/api-error';

type OpenStream<T> = (onData: (data: T) => void, signal: AbortSignal) => Promise<void>;

/**
 * The latest value of a Server-Sent Events stream; reconnects after a dropped stream (a
 * service restart, a proxy timeout) with a growing pause, and stops for good when the session
 * has expired (the app shows the log-in screen then). `key` restarts the stream.
 */
export function useLiveStream<T>(open: OpenStream<T>, key: string) {
  const [data, setData] = useState<T>();
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    const controller = new AbortController();
    let pauseMs = 500;
    (async () => {
      while (!controller.signal.aborted) {
        try {
          await open((next) => {
            setData(next);
            setConnected(true);
            setError(undefined);
            pauseMs = 500;
          }, controller.signal);
        } catch (caught) {
          if (controller.signal.aborted) return;
          setError(caught);
          if (caught instanceof SessionExpired) return;
        }
        setConnected(false);
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
        pauseMs = Math.min(pauseMs * 2, 10_000);
      }
    })();
    return () => controller.abort();
    // `open` is recreated on every render; `key` says when the stream really changes.
  }, [key]);

  return { data, connected, error };
}
