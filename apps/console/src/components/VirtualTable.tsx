import { useVirtualizer } from '@tanstack/react-virtual';
import { ReactNode, useRef } from 'react';

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  width?: string;
  /** Text a person must read whole (what someone wrote): wrapped onto more lines instead of cut with "…". */
  wrap?: boolean;
}

/**
 * A table that renders only the rows in view (50,000 recipients stay smooth). ARIA grid
 * semantics with aria-rowcount, so screen readers know the real size. Rows are measured as
 * they render, so a row whose wrapped cell needs more lines takes more height.
 */
export function VirtualTable<Row>({ rows, columns, rowKey, label, height = 420 }: { rows: Row[]; columns: Column<Row>[]; rowKey: (row: Row) => string; label: string; height?: number }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 40, overscan: 12 });
  const template = columns.map((column) => column.width ?? '1fr').join(' ');
  return (
    <div className="virtual-table" role="table" aria-label={label} aria-rowcount={rows.length + 1}>
      <div className="virtual-row virtual-header" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
        {columns.map((column) => (
          <div role="columnheader" key={column.header}>
            {column.header}
          </div>
        ))}
      </div>
      <div ref={scroller} className="virtual-body" style={{ maxHeight: height }} tabIndex={0} role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            return (
              <div
                key={rowKey(row)}
                ref={virtualizer.measureElement}
                data-index={item.index}
                role="row"
                aria-rowindex={item.index + 2}
                className="virtual-row"
                style={{ gridTemplateColumns: template, position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)`, minHeight: 40 }}
              >
                {columns.map((column) => (
                  <div role="cell" key={column.header} className={column.wrap ? 'wrap' : undefined}>
                    {column.cell(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
