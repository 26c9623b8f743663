import { useEffect, useRef, useState } from 'react';

/** How often a list is read again while answers keep arriving (it can hold 50,000 rows). */
export const LIST_REFRESH_MS = 10_000;

/**
 * A list of the dashboard (non-responders, who answered what) read at once — filling page by
 * page — then again at most every LIST_REFRESH_MS when the answer count has changed: during a
 * disaster answers never stop arriving, so waiting for a quiet moment would never refresh it.
 * `read` is another list when it changes (another filter): the old rows go at once, as they
 * would mislead while the new list loads.
 */
export function useListReadAsAnswersArrive<T>(read: (onPage: (soFar: T[]) => void, signal: AbortSignal) => Promise<T[]>, responded: number): { rows: T[]; error: unknown } {
  const [rows, setRows] = useState<T[]>([]);
  const [error, setError] = useState<unknown>();
  const latestResponded = useRef(responded);
  useEffect(() => {
    latestResponded.current = responded;
  }, [responded]);

  useEffect(() => {
    const controller = new AbortController();
    setRows([]);
    (async () => {
      let readAt: number | undefined;
      while (!controller.signal.aborted) {
        if (latestResponded.current !== readAt) {
          const first = readAt === undefined;
          readAt = latestResponded.current;
          try {
            const all = await read((soFar) => first && setRows([...soFar]), controller.signal);
            setRows(all);
            setError(undefined);
          } catch (caught) {
            if (controller.signal.aborted) return;
            setError(caught);
          }
        }
        await new Promise((resolve) => setTimeout(resolve, LIST_REFRESH_MS));
      }
    })();
    return () => controller.abort();
  }, [read]);

  return { rows, error };
}
