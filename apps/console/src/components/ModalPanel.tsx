import { ReactNode, Ref, useEffect, useRef } from 'react';

/**
 * A modal side panel on the native <dialog>: the browser keeps the focus inside and makes the
 * page behind it inert. The focus moves to the element `labelledBy` names (its heading, which
 * needs tabIndex -1: a screen reader then says what opened), and goes back to the control that
 * opened the panel when it closes, by Escape or otherwise. Every panel has the same header: its
 * heading (the element `labelledBy` names) and a close button.
 */
export function ModalPanel({
  labelledBy,
  heading,
  closeLabel,
  closeButtonRef,
  onClose,
  children,
}: {
  labelledBy: string;
  heading: ReactNode;
  closeLabel: string;
  /** For a panel that moves the focus to its close button (e.g. once its work is done). */
  closeButtonRef?: Ref<HTMLButtonElement>;
  onClose: () => void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    if (!element.open) element.showModal();
    document.getElementById(labelledBy)?.focus();
    return () => {
      element.close();
      opener?.focus();
    };
  }, [labelledBy]);

  // Escape asks the owner to close (it unmounts the panel): the dialog never closes behind React's back.
  return (
    <dialog ref={dialog} className="panel" aria-labelledby={labelledBy} onCancel={(event) => (event.preventDefault(), onClose())}>
      <div className="panel-header">
        <h2 id={labelledBy} tabIndex={-1}>
          {heading}
        </h2>
        <button type="button" ref={closeButtonRef} onClick={onClose}>
          {closeLabel}
        </button>
      </div>
      {children}
    </dialog>
  );
}
