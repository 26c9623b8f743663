import type { Department } from '../api/tenant-api';
import { departmentChoices, departmentLabels, sameDepartments, withDepartment } from './department-choices';

/** A department whose path (ids from the root) follows its parents. */
function department(id: string, name: string, parent?: Department): Department {
  return { id, name, code: null, parentId: parent?.id ?? null, path: [...(parent?.path ?? []), id] };
}

const sales = department('sales', '営業部');
const salesFirst = department('sales-1', '第一課', sales);
const support = department('support', 'サポート部');
const supportFirst = department('support-1', '第一課', support);
const tokyo = department('tokyo', 'Tokyo Office', sales);
const all = [supportFirst, tokyo, sales, salesFirst, support];

describe('departmentChoices', () => {
  it('lists the departments in tree order with their depth, a repeated name with its path', () => {
    expect(departmentChoices(all)).toEqual([
      { id: 'support', label: 'サポート部', depth: 0 },
      { id: 'support-1', label: 'サポート部 / 第一課', depth: 1 },
      { id: 'sales', label: '営業部', depth: 0 },
      { id: 'tokyo', label: 'Tokyo Office', depth: 1 },
      { id: 'sales-1', label: '営業部 / 第一課', depth: 1 },
    ]);
  });

  it('filters by name or path, ignoring case and full-width letters', () => {
    expect(departmentChoices(all, '第一').map((choice) => choice.id)).toEqual(['support-1', 'sales-1']);
    expect(departmentChoices(all, ' 営業 ').map((choice) => choice.id)).toEqual(['sales', 'tokyo', 'sales-1']);
    expect(departmentChoices(all, 'ｔｏｋｙｏ').map((choice) => choice.id)).toEqual(['tokyo']);
    expect(departmentChoices(all, 'nothing like it')).toEqual([]);
  });
});

describe('departmentLabels', () => {
  it('leaves out of a path the ancestors the caller cannot see', () => {
    const hidden = department('hidden', '本社');
    const a = department('a', '総務課', hidden);
    const b = department('b', '総務課', department('branch', '支店'));
    expect(departmentLabels([a, b])).toEqual(
      new Map([
        ['a', '総務課'],
        ['b', '総務課'],
      ]),
    );
  });
});

describe('withDepartment and sameDepartments', () => {
  it('adds and removes one department, keeping the others as they were', () => {
    expect(withDepartment(['a', 'b'], 'c', true)).toEqual(['a', 'b', 'c']);
    expect(withDepartment(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(withDepartment(['a'], 'a', true)).toEqual(['a']);
  });

  it('compares selections as sets', () => {
    expect(sameDepartments(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameDepartments(['a'], ['a', 'b'])).toBe(false);
    expect(sameDepartments([], [])).toBe(true);
  });
});
