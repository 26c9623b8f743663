/**
 * draft → sending → open → closed. `sending` lasts while the first round is fanned out;
 * an alert can be closed from any earlier state (a cancelled disaster report closes a draft
 * or stops a fan-out). Nothing leaves `closed`.
 */
export type AlertState = 'draft' | 'sending' | 'open' | 'closed';

const allowedTransitions: Record<AlertState, readonly AlertState[]> = {
  draft: ['sending', 'closed'],
  sending: ['open', 'closed'],
  open: ['closed'],
  closed: [],
};

export class AlertTransitionError extends Error {
  constructor(
    readonly from: AlertState,
    readonly to: AlertState,
  ) {
    super(`an alert cannot go from ${from} to ${to}`);
    this.name = 'AlertTransitionError';
  }
}

export function assertTransition(from: AlertState, to: AlertState): void {
  if (!allowedTransitions[from].includes(to)) {
    throw new AlertTransitionError(from, to);
  }
}

/** Whether answers and re-sends are still accepted at `now`. */
export function acceptsAnswers(state: AlertState, closesAt: Date, now: Date): boolean {
  return (state === 'sending' || state === 'open') && now < closesAt;
}
