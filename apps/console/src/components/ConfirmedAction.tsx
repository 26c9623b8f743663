import { ReactNode, useRef, useState } from 'react';
import { ErrorNotice } from './ErrorNotice';

interface ConfirmedActionProps {
  /** The button that asks first, e.g. "削除". */
  label: string;
  /** Its name for screen readers when the screen shows several (which one it is, containing `label`). */
  accessibleName?: string;
  /** What will happen, said before it does. */
  explanation: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  action: () => Promise<void>;
  /** Called before the action runs (clears a notice the screen showed). */
  onStart?: () => void;
  /** A refusal in words of the caller's own; the usual notice otherwise. */
  describeRefusal?: (error: unknown) => ReactNode | undefined;
}

/**
 * An action that cannot be undone (deleting a department or a group): one button asks, the
 * confirmation says what will happen, and only the second button acts. Focus goes back to the
 * first button when the confirmation closes, so keyboard users are not left nowhere.
 */
export function ConfirmedAction({ label, accessibleName, explanation, confirmLabel, cancelLabel, action, onStart, describeRefusal }: ConfirmedActionProps) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const toggle = useRef<HTMLButtonElement>(null);

  function close() {
    setConfirming(false);
    toggle.current?.focus();
  }

  async function run() {
    if (busy) return;
    onStart?.();
    setError(undefined);
    setBusy(true);
    try {
      await action();
    } catch (caught) {
      setError(caught);
      close();
    } finally {
      setBusy(false);
    }
  }

  const refusal = error === undefined ? undefined : describeRefusal?.(error);
  return (
    <div>
      <button ref={toggle} type="button" aria-label={accessibleName} onClick={() => (setConfirming(true), setError(undefined))}>
        {label}
      </button>
      {confirming && (
        <div className="notice" role="alert">
          {explanation}
          <div className="row">
            <button type="button" className="primary danger" onClick={() => void run()} disabled={busy} aria-busy={busy}>
              {confirmLabel}
            </button>
            <button type="button" onClick={close} disabled={busy}>
              {cancelLabel}
            </button>
          </div>
        </div>
      )}
      {refusal ? (
        <p className="notice notice-error" role="alert">
          {refusal}
        </p>
      ) : (
        <ErrorNotice error={error} />
      )}
    </div>
  );
}
