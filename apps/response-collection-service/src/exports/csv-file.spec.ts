import { decode } from 'iconv-lite';
import { csvLine, encodeCsv, localTime } from './csv-file';

async function bytesOf(lines: string[], encoding: 'utf-8' | 'shift_jis'): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of encodeCsv((async function* () { yield* lines; })(), encoding)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('CSV files', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', 3, null])).toBe('"a,b","say ""hi""","two\nlines",3,\r\n');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvLine(['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', 'ok'])).toBe(`"'=HYPERLINK(""http://x"")",'+1,'-2,'@SUM(A1),ok\r\n`);
  });

  it('writes UTF-8 with a BOM', async () => {
    const bytes = await bytesOf([csvLine(['無事', '東京'])], 'utf-8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('無事,東京\r\n');
  });

  it('writes Shift_JIS without a BOM', async () => {
    const bytes = await bytesOf([csvLine(['無事', '東京'])], 'shift_jis');
    expect([...bytes.subarray(0, 2)]).toEqual([0x96, 0xb3]);
    expect(decode(bytes, 'Shift_JIS')).toBe('無事,東京\r\n');
  });

  it('shows times in the tenant time zone', () => {
    expect(localTime(new Date('2026-11-26T00:12:03Z'), 'Asia/Tokyo')).toBe('2026-11-26 09:12:03');
    expect(localTime(null, 'Asia/Tokyo')).toBe('');
  });
});
