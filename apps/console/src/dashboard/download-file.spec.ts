import { downloadFileName } from './download-file';

describe('downloadFileName', () => {
  it("takes the server's quoted file name", () => {
    expect(downloadFileName('attachment; filename="answers-0b6f.csv"', 'answers.csv')).toBe('answers-0b6f.csv');
  });

  it('takes an unquoted file name', () => {
    expect(downloadFileName('attachment; filename=report-1.csv; size=10', 'report.csv')).toBe('report-1.csv');
  });

  it("prefers RFC 5987's encoded name", () => {
    expect(downloadFileName(`attachment; filename="report.csv"; filename*=UTF-8''%E8%A8%93%E7%B7%B4.csv`, 'x.csv')).toBe('訓練.csv');
  });

  it('falls back when there is no header, no name, or a name that does not decode', () => {
    expect(downloadFileName(null, 'answers.csv')).toBe('answers.csv');
    expect(downloadFileName('attachment', 'answers.csv')).toBe('answers.csv');
    expect(downloadFileName('attachment; filename=""', 'answers.csv')).toBe('answers.csv');
    expect(downloadFileName(`attachment; filename*=UTF-8''%E8%ZZ`, 'answers.csv')).toBe('answers.csv');
  });

  it('drops path separators', () => {
    expect(downloadFileName('attachment; filename="../../etc/answers.csv"', 'x.csv')).toBe('....etcanswers.csv');
  });
});
