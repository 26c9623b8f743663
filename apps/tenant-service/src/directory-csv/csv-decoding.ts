import { parse } from 'csv-parse/sync';
import * as iconv from 'iconv-lite';

export type CsvEncoding = 'utf-8' | 'shift_jis';

/** A problem with the file as a whole: nothing in it can be trusted row by row. */
export class CsvFileError extends Error {}

const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * UTF-8 when the bytes say so (BOM, or a strict decode succeeds); otherwise Shift_JIS, what
 * Excel in Japan writes. Windows-31J (cp932) is the superset Excel really uses.
 */
export function decodeCsv(bytes: Buffer, requested: CsvEncoding | 'auto'): { text: string; encoding: CsvEncoding } {
  if (bytes.subarray(0, 3).equals(utf8Bom)) return { text: strictUtf8(bytes.subarray(3)), encoding: 'utf-8' };
  if (requested === 'utf-8') return { text: strictUtf8(bytes), encoding: 'utf-8' };
  if (requested === 'auto' && isUtf8(bytes)) return { text: strictUtf8(bytes), encoding: 'utf-8' };
  const text = iconv.decode(bytes, 'cp932');
  // iconv-lite substitutes U+FFFD for byte sequences Shift_JIS does not define.
  if (text.includes('\uFFFD')) throw new CsvFileError(requested === 'auto' ? 'the file is neither UTF-8 nor Shift_JIS' : 'the file is not valid Shift_JIS');
  return { text, encoding: 'shift_jis' };
}

function isUtf8(bytes: Buffer): boolean {
  try {
    strictUtf8(bytes);
    return true;
  } catch {
    return false;
  }
}

function strictUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CsvFileError('the file is not valid UTF-8 (choose encoding=shift_jis for files saved by Excel in Japan)');
  }
}

export interface CsvTable {
  headers: string[];
  /** Data rows with the 1-based line of the file each starts on (quoted cells may span lines). */
  rows: { line: number; cells: string[] }[];
}

/** Parses the whole text; a broken quote or a row of the wrong width is a file error naming its line. */
export function parseCsv(text: string, maximumRows: number): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, csv-parse returns each record with its position; its typings describe only plain records.
    records = parse(text, { info: true, relax_column_count: false, skip_empty_lines: true, to: maximumRows + 2 }) as unknown as typeof records;
  } catch (error) {
    throw new CsvFileError(`malformed CSV: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new CsvFileError('the file is empty');
  if (records.length > maximumRows + 1) throw new CsvFileError(`the file has more than ${maximumRows} rows; split it into several imports`);
  const [header, ...data] = records;
  return { headers: header.record.map((cell) => cell.trim()), rows: data.map(({ record, info }) => ({ line: firstLineOf(record, info.lines), cells: record })) };
}

/** csv-parse reports the line a record ends on; quoted line breaks inside it move its start up. */
function firstLineOf(record: string[], lastLine: number): number {
  return lastLine - record.reduce((breaks, cell) => breaks + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
}
