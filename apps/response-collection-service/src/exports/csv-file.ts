import { encode } from 'iconv-lite';
import { Readable } from 'node:stream';
import { z } from 'zod';

export const csvEncodingSchema = z.enum(['utf-8', 'shift_jis']);
export type CsvEncoding = z.infer<typeof csvEncodingSchema>;

/** Cells a spreadsheet would run as a formula (CSV injection): shown as text instead. */
const formulaStart = /^[=+\-@\t\r]/;

/** One RFC 4180 line (CRLF), every cell quoted where needed and defused against formulas. */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The bytes of a CSV download. UTF-8 starts with a BOM so Excel opens it as UTF-8; Shift_JIS
 * (Excel's default in Japan) turns characters it lacks into "?".
 */
export function encodeCsv(lines: AsyncIterable<string>, encoding: CsvEncoding): Readable {
  return Readable.from(encodedChunks(lines, encoding));
}

async function* encodedChunks(lines: AsyncIterable<string>, encoding: CsvEncoding): AsyncGenerator<Buffer> {
  if (encoding === 'utf-8') yield Buffer.from([0xef, 0xbb, 0xbf]);
  for await (const line of lines) {
    yield encoding === 'utf-8' ? Buffer.from(line, 'utf8') : encode(line, 'Shift_JIS');
  }
}

/** Content-Type and Content-Disposition of a CSV download (the file name carries no PII). */
export function csvHeaders(fileName: string, encoding: CsvEncoding): Record<string, string> {
  return {
    'content-type': `text/csv; charset=${encoding === 'utf-8' ? 'utf-8' : 'Shift_JIS'}`,
    'content-disposition': `attachment; filename="${fileName}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}

/** Time as people in the tenant read it: `2026-11-26 09:12:03` in the tenant's time zone. */
export function localTime(value: Date | null | undefined, timeZone: string): string {
  if (!value) return '';
  return localTimeFormat(timeZone).format(value);
}

// One formatter per time zone: creating one costs about a hundred times more than using it, and
// an export formats two times per row.
const localTimeFormats = new Map<string, Intl.DateTimeFormat>();

function localTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = localTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    localTimeFormats.set(timeZone, format);
  }
  return format;
}
