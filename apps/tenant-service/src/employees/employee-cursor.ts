/**
 * Keyset pagination over (employee number, id): a page starts strictly after the last row of
 * the previous one, so pages stay consistent while others write and cost the same at any depth.
 * The cursor is opaque to clients.
 */
export interface EmployeeCursor {
  employeeNumber: string;
  id: string;
}

export function encodeEmployeeCursor(cursor: EmployeeCursor): string {
  return Buffer.from(JSON.stringify([cursor.employeeNumber, cursor.id])).toString('base64url');
}

/** Undefined for anything that is not a cursor this service wrote. */
export function decodeEmployeeCursor(text: string): EmployeeCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && /^[0-9a-f-]{36}$/i.test(value[1])) {
      return { employeeNumber: value[0], id: value[1] };
    }
  } catch {
    // falls through: not a cursor
  }
  return undefined;
}
