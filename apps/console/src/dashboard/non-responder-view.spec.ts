import { translate } from '../i18n/messages';
import { departmentFilterOptions, departmentPlacesOf, filterOf, MAX_RESEND_PEOPLE, nameShown, noFilter, nonResponderLabel, resendFilterOf } from './non-responder-view';

const t = (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) => translate('ja', key, values);

describe('non-responder view', () => {
  it('sends only the filters chosen', () => {
    expect(filterOf(noFilter)).toEqual({});
    expect(filterOf({ department: 'd1', workPrefecture: '' })).toEqual({ department: 'd1' });
    expect(filterOf({ department: 'd1', workPrefecture: '13' })).toEqual({ department: 'd1', workPrefecture: '13' });
  });

  it('offers the departments as a tree, each with its path, so a parent is seen to include its sub-departments', () => {
    const departments = [
      { id: 'tokyo', name: '東京営業課', parentId: 'sales' },
      { id: 'affairs', name: '総務部', parentId: null },
      { id: 'osaka', name: '大阪営業課', parentId: 'sales' },
      { id: 'sales', name: '営業部', parentId: null },
      { id: 'shift', name: '夜間班', parentId: 'tokyo' },
    ];
    expect(departmentFilterOptions(departments)).toEqual([
      { id: 'sales', label: '営業部' },
      { id: 'osaka', label: '営業部 › 大阪営業課' },
      { id: 'tokyo', label: '営業部 › 東京営業課' },
      { id: 'shift', label: '営業部 › 東京営業課 › 夜間班' },
      { id: 'affairs', label: '総務部' },
    ]);
  });

  it('starts a path at the highest department the caller can see', () => {
    // A department admin of 東京営業課 sees neither 営業部 nor its other sub-departments.
    expect(departmentFilterOptions([{ id: 'tokyo', name: '東京営業課', parentId: 'sales' }])).toEqual([{ id: 'tokyo', label: '東京営業課' }]);
  });

  it('takes the named departments of the breakdown, leaving out its "no department" row', () => {
    const rows = [
      { departmentId: 'sales', parentId: null, name: '営業部' },
      { departmentId: 'tokyo', parentId: 'sales', name: null },
      { departmentId: null, parentId: null, name: null },
    ];
    expect(departmentPlacesOf(rows)).toEqual([
      { id: 'sales', name: '営業部', parentId: null },
      { id: 'tokyo', name: '—', parentId: 'sales' },
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

  it('asks again exactly the people the filtered list shows, by id', () => {
    const shown = [{ recipientId: 'a' }, { recipientId: 'b' }];
    expect(resendFilterOf({ department: 'd1', workPrefecture: '04' }, shown)).toEqual({ recipientIds: ['a', 'b'] });
    expect(resendFilterOf(noFilter, [])).toBeUndefined();
  });

  it('names a department instead of more people than one re-send may name, and nothing when no department made the list', () => {
    const many = Array.from({ length: MAX_RESEND_PEOPLE + 1 }, (_, index) => ({ recipientId: String(index) }));
    expect(resendFilterOf({ department: 'd1', workPrefecture: '' }, many)).toEqual({ departmentIds: ['d1'] });
    expect(resendFilterOf({ department: 'd1', workPrefecture: '13' }, many)).toBeUndefined();
    expect(resendFilterOf({ department: '', workPrefecture: '13' }, many)).toBeUndefined();
    expect(resendFilterOf(noFilter, many.slice(0, MAX_RESEND_PEOPLE))?.recipientIds).toHaveLength(MAX_RESEND_PEOPLE);
  });
});
