import * as iconv from 'iconv-lite';
import { CsvFileError, decodeCsv, parseCsv } from './csv-decoding';

describe('decoding an uploaded CSV file', () => {
  const text = '社員番号,氏名\nE1,山田 太郎\n';

  it('reads UTF-8 with or without a BOM and Shift_JIS (Excel in Japan), telling which it was', () => {
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'auto')).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsv(Buffer.from(text), 'auto')).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsv(iconv.encode(text, 'cp932'), 'auto')).toEqual({ text, encoding: 'shift_jis' });
    expect(decodeCsv(iconv.encode(text, 'cp932'), 'shift_jis')).toEqual({ text, encoding: 'shift_jis' });
  });

  it('refuses bytes that are not in the declared or any supported encoding', () => {
    expect(() => decodeCsv(iconv.encode(text, 'cp932'), 'utf-8')).toThrow(new CsvFileError('the file is not valid UTF-8 (choose encoding=shift_jis for files saved by Excel in Japan)'));
    expect(() => decodeCsv(Buffer.from([0x81, 0x00, 0xff]), 'auto')).toThrow('the file is neither UTF-8 nor Shift_JIS');
    expect(() => decodeCsv(Buffer.from([0xff, 0xfe]), 'shift_jis')).toThrow('the file is not valid Shift_JIS');
  });
});

describe('parsing CSV text', () => {
  it('returns the trimmed headers and each row with the line it starts on, quoted line breaks included', () => {
    const table = parseCsv(' a , b\n1,"two\nlines"\n\n3,4\n', 10);
    expect(table).toEqual({
      headers: ['a', 'b'],
      rows: [
        { line: 2, cells: ['1', 'two\nlines'] },
        { line: 5, cells: ['3', '4'] },
      ],
    });
  });

  it('names the line of a broken quote or a row of the wrong width', () => {
    expect(() => parseCsv('a,b\n1,"open\n', 10)).toThrow(/^malformed CSV: Quote Not Closed.*line 2/);
    expect(() => parseCsv('a,b\n1,2,3\n', 10)).toThrow(/^malformed CSV: Invalid Record Length.*line 2/);
  });

  it('refuses an empty file and more rows than the limit', () => {
    expect(() => parseCsv('', 10)).toThrow('the file is empty');
    expect(() => parseCsv('a\n1\n2\n3\n', 2)).toThrow('the file has more than 2 rows; split it into several imports');
    expect(parseCsv('a\n1\n2\n', 2).rows).toHaveLength(2);
  });
});
