/** Deep enough for any real organisation chart; bounded so a path always fits an event. */
export const maximumDepartmentDepth = 64;

export class DepartmentTreeError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Departments form a tree stored as materialised paths: each department keeps the ids from
 * its root down to itself. "A department and everything below it" is then one indexed
 * `path @> ARRAY[id]`, with no recursive query.
 */
export function pathUnder(parentPath: readonly string[] | null, departmentId: string): string[] {
  const path = [...(parentPath ?? []), departmentId];
  if (path.length > maximumDepartmentDepth) {
    throw new DepartmentTreeError('parentId', `departments nest at most ${maximumDepartmentDepth} levels deep`);
  }
  return path;
}

/** Moving a department under itself or one of its descendants would cut it off from the root. */
export function assertMovable(departmentId: string, newParentPath: readonly string[] | null): void {
  if (newParentPath?.includes(departmentId)) {
    throw new DepartmentTreeError('parentId', 'a department cannot move under itself or one of its sub-departments');
  }
}
