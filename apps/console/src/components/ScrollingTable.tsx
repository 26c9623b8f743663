import { ReactNode } from 'react';

/**
 * A wide table that scrolls sideways on a phone. The scrolling box takes the keyboard focus
 * (arrow keys scroll it) and is a named group, so keyboard and screen-reader users can reach the
 * columns that do not fit (axe-core rule scrollable-region-focusable). A group, not a region:
 * a second landmark named like the screen's own section would be ambiguous (landmark-unique).
 */
export function ScrollingTable({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="group" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  );
}
