import { departmentsByName, formatDuration, formatRate, ReportDepartment } from './drill-report-format';

describe('formatDuration', () => {
  it('says "—" when nobody answered', () => {
    expect(formatDuration(null, 'ja')).toBe('—');
    expect(formatDuration(null, 'en')).toBe('—');
  });

  it('gives seconds under a minute', () => {
    expect(formatDuration(0, 'ja')).toBe('0秒');
    expect(formatDuration(45, 'ja')).toBe('45秒');
    expect(formatDuration(45, 'en')).toBe('45 s');
  });

  it('gives minutes and seconds under an hour, leaving out zero seconds', () => {
    expect(formatDuration(150, 'ja')).toBe('2分30秒');
    expect(formatDuration(150, 'en')).toBe('2 min 30 s');
    expect(formatDuration(120, 'ja')).toBe('2分');
    expect(formatDuration(3599, 'en')).toBe('59 min 59 s');
  });

  it('gives hours and rounded minutes from an hour on', () => {
    expect(formatDuration(3600, 'ja')).toBe('1時間0分');
    expect(formatDuration(3930, 'ja')).toBe('1時間6分');
    expect(formatDuration(7170, 'en')).toBe('2 h 0 min');
  });

  it('rounds fractions and never shows a negative time', () => {
    expect(formatDuration(59.6, 'en')).toBe('1 min');
    expect(formatDuration(-3, 'en')).toBe('0 s');
  });
});

describe('formatRate', () => {
  it('shows a percentage with one decimal', () => {
    expect(formatRate(1 / 3, 'ja')).toBe('33.3%');
    expect(formatRate(1, 'en')).toBe('100.0%');
    expect(formatRate(0, 'en')).toBe('0.0%');
  });
});

describe('departmentsByName', () => {
  const department = (departmentId: string, name: string | null): ReportDepartment => ({ departmentId, name, recipients: 1, responded: 0, responseRate: 0, medianSecondsToAnswer: null });

  it('orders by name, unnamed first, ties by id, without changing the list it was given', () => {
    const given = [department('c', '総務部'), department('a', '営業部'), department('d', null), department('b', '営業部')];
    expect(departmentsByName(given, 'ja').map((row) => row.departmentId)).toEqual(['d', 'a', 'b', 'c']);
    expect(given.map((row) => row.departmentId)).toEqual(['c', 'a', 'd', 'b']);
  });
});
