import { assertMovable, maximumDepartmentDepth, pathUnder } from './department-tree';

describe('department tree (materialised paths)', () => {
  it('builds a path from the parent down to the department', () => {
    expect(pathUnder(null, 'root')).toEqual(['root']);
    expect(pathUnder(['root', 'sales'], 'tokyo')).toEqual(['root', 'sales', 'tokyo']);
  });

  it('refuses trees deeper than the limit', () => {
    const deepest = Array.from({ length: maximumDepartmentDepth }, (_, level) => `d${level}`);
    expect(() => pathUnder(deepest, 'one-too-many')).toThrow(/at most 64 levels/);
  });

  it('refuses to move a department under itself or below itself', () => {
    expect(() => assertMovable('sales', ['root', 'sales'])).toThrow(/cannot move under itself/);
    expect(() => assertMovable('sales', ['root', 'sales', 'tokyo'])).toThrow(/cannot move under itself/);
    expect(() => assertMovable('sales', ['root', 'factory'])).not.toThrow();
    expect(() => assertMovable('sales', null)).not.toThrow();
  });
});
