import { ReactNode, useId } from 'react';

/**
 * A labelled form control: the label is always visible and tied to the control. An `error`
 * (the service's word on this field) shows under the control; the control gets it in
 * `describedBy` and should set `aria-invalid` from `invalid`.
 */
export function Field({ label, hint, error, children }: { label: string; hint?: string; error?: string; children: (id: string, describedBy?: string, invalid?: boolean) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {children(id, describedBy, error !== undefined)}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
