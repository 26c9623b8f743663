import { RefObject, useEffect } from 'react';

/**
 * After a refused save, the keyboard lands on the first field to fix: the first element marked
 * `aria-invalid` in the form — for a group (a fieldset of radios or check boxes), its first
 * input. Runs when the service's refusal (`error`) or the form's own check (`refusedHere`, e.g.
 * required fields left empty) changes.
 */
export function useFocusOnFirstRefusedField(form: RefObject<HTMLFormElement | null>, error: unknown, refusedHere?: unknown): void {
  useEffect(() => {
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid instanceof HTMLFieldSetElement ? (invalid.querySelector<HTMLElement>('input') ?? invalid) : invalid)?.focus();
  }, [form, error, refusedHere]);
}
