import { RecipientTarget } from './recipient-request';
import { targetFilter } from './recipient-store';

const id = '8b4e2f10-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

describe('targetFilter', () => {
  it('matches every employee for everyone, with no parameters', () => {
    expect(targetFilter({ kind: 'all' })).toEqual({ condition: 'TRUE', values: [] });
  });

  it('matches a department subtree through the department path', () => {
    const filter = targetFilter({ kind: 'departments', departmentIds: [id] });
    expect(filter.condition).toContain('d.path && $3::uuid[]');
    expect(filter.values).toEqual([[id]]);
  });

  it('passes prefecture codes and the match rule as parameters, never in the SQL text', () => {
    const filter = targetFilter({ kind: 'prefectures', codes: ['13'], match: 'WORK' });
    expect(filter.condition).not.toContain('13');
    expect(filter.values).toEqual([['13'], 'WORK']);
  });

  it.each<[string, RecipientTarget, string]>([
    ['groups', { kind: 'groups', groupIds: [id] }, 'group_members'],
    ['employees', { kind: 'employees', employeeIds: [id] }, 'e.id = ANY($3::uuid[])'],
  ])('filters %s by id list', (_case, target, fragment) => {
    const filter = targetFilter(target);
    expect(filter.condition).toContain(fragment);
    expect(filter.values).toEqual([[id]]);
  });
});
