import { departmentTree } from './department-tree';

const department = (id: string, name: string, parentId: string | null) => ({ id, name, parentId, code: null, path: [] });

describe('departmentTree', () => {
  it('orders parents before their children, siblings by name, with depth', () => {
    const tree = departmentTree([department('c', '営業二課', 'a'), department('a', '営業部', null), department('b', '営業一課', 'a'), department('d', '総務部', null)]);
    expect(tree.map((node) => [node.department.id, node.depth])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 1],
      ['d', 0],
    ]);
  });

  it('shows a department whose parent is outside the caller’s scope at the top level', () => {
    expect(departmentTree([department('x', '支店', 'hidden')]).map((node) => node.depth)).toEqual([0]);
  });
});
