import { EntityManager } from 'typeorm';
import { DepartmentView } from './department-schemas';

interface DepartmentRow {
  id: string;
  name: string;
  code: string | null;
  parent_id: string | null;
  path: string[];
  created_at: Date;
  updated_at: Date;
}

const columns = 'id, name, code, parent_id, path, created_at, updated_at';

function toView(row: DepartmentRow): DepartmentView {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    parentId: row.parent_id,
    path: row.path,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** SQL of the `departments` table; every call runs in a tenant-bound transaction (RLS). */
export class DepartmentStore {
  constructor(private readonly manager: EntityManager) {}

  async find(id: string, { lock = false } = {}): Promise<DepartmentView | undefined> {
    const rows: DepartmentRow[] = await this.manager.query(`SELECT ${columns} FROM departments WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] && toView(rows[0]);
  }

  async list(limit: number): Promise<DepartmentView[]> {
    const rows: DepartmentRow[] = await this.manager.query(`SELECT ${columns} FROM departments ORDER BY path LIMIT $1`, [limit]);
    return rows.map(toView);
  }

  /** Paths of the given departments; unknown ids (or other tenants' ids) are simply absent. */
  async pathsOf(ids: readonly string[]): Promise<Map<string, string[]>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; path: string[] }[] = await this.manager.query('SELECT id, path FROM departments WHERE id = ANY($1::uuid[])', [ids]);
    return new Map(rows.map((row) => [row.id, row.path]));
  }

  async insert(tenantId: string, department: { id: string; name: string; code: string | null; parentId: string | null; path: string[] }): Promise<DepartmentView> {
    const rows: DepartmentRow[] = await this.manager.query(
      `INSERT INTO departments (id, tenant_id, name, code, parent_id, path) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${columns}`,
      [department.id, tenantId, department.name, department.code, department.parentId, department.path],
    );
    return toView(rows[0]);
  }

  async rename(id: string, name: string, code: string | null): Promise<DepartmentView> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows]: [DepartmentRow[], number] = await this.manager.query(
      `UPDATE departments SET name = $2, code = $3, updated_at = now() WHERE id = $1 RETURNING ${columns}`,
      [id, name, code],
    );
    return toView(rows[0]);
  }

  /** Moves a department with its whole subtree: every path below it gets the new prefix. */
  async moveSubtree(id: string, oldPath: readonly string[], newParentId: string | null, newPath: readonly string[]): Promise<DepartmentView[]> {
    await this.manager.query('UPDATE departments SET parent_id = $2 WHERE id = $1', [id, newParentId]);
    const [rows]: [DepartmentRow[], number] = await this.manager.query(
      `UPDATE departments SET path = $2::uuid[] || path[$3:], updated_at = now() WHERE path @> ARRAY[$1::uuid] RETURNING ${columns}`,
      [id, newPath, oldPath.length + 1],
    );
    return rows.map(toView);
  }

  async hasChildrenOrMembers(id: string): Promise<{ children: boolean; members: boolean }> {
    const [row] = await this.manager.query(
      `SELECT EXISTS (SELECT 1 FROM departments WHERE parent_id = $1) AS children,
              EXISTS (SELECT 1 FROM employee_departments WHERE department_id = $1) AS members`,
      [id],
    );
    return { children: row.children, members: row.members };
  }

  async delete(id: string): Promise<void> {
    await this.manager.query('DELETE FROM departments WHERE id = $1', [id]);
  }
}
