import { translate } from '../i18n/messages';
import { departmentOptions, filterOf, nameShown, noFilter, nonResponderLabel } from './non-responder-view';

const t = (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) => translate('ja', key, values);

describe('non-responder view', () => {
  it('sends only the filters chosen', () => {
    expect(filterOf(noFilter)).toEqual({});
    expect(filterOf({ department: 'd1', workPrefecture: '' })).toEqual({ department: 'd1' });
    expect(filterOf({ department: 'd1', workPrefecture: '13' })).toEqual({ department: 'd1', workPrefecture: '13' });
  });

  it('offers the departments by name', () => {
    const names = new Map([
      ['b', 'Sales'],
      ['a', 'Accounting'],
    ]);
    expect(departmentOptions(names, 'en')).toEqual([
      { id: 'a', name: 'Accounting' },
      { id: 'b', name: 'Sales' },
    ]);
  });

  it('shows the employee number until the name is known, and a dash for someone no longer in the directory', () => {
    const row = { recipientId: 'r1', employeeNumber: 'E-1' };
    expect(nameShown(row, new Map())).toBe('E-1');
    expect(nameShown(row, new Map([['r1', { name: '山田 花子' }]]))).toBe('山田 花子');
    expect(nameShown(row, new Map([['r1', null]]))).toBe('—');
    expect(nameShown({ recipientId: 'r2', employeeNumber: null }, new Map())).toBe('—');
  });

  it('names the person for the proxy answer with their number when both are known', () => {
    expect(nonResponderLabel({ employeeNumber: 'E-1' }, { name: '山田 花子' }, t)).toBe('山田 花子（社員番号 E-1）');
    expect(nonResponderLabel({ employeeNumber: null }, { name: '山田 花子' }, t)).toBe('山田 花子');
    expect(nonResponderLabel({ employeeNumber: 'E-1' }, undefined, t)).toBe('社員番号 E-1');
    expect(nonResponderLabel({ employeeNumber: null }, null, t)).toBe('社員番号のない対象者');
  });
});
