import { ConflictException, UnprocessableEntityException } from '@nestjs/common';

/** A well-formed request that the directory cannot apply, with the field at fault (the error shape's `details`). */
export function unprocessableField(path: string, message: string): UnprocessableEntityException {
  return new UnprocessableEntityException({ error: 'Unprocessable Entity', message: 'the request cannot be applied', details: [{ path, message }] });
}

/** PostgreSQL unique-constraint violations that mean "that name/number is taken", mapped to a 409 naming the field. */
export function conflictFromUniqueViolation(error: unknown, fieldsByConstraint: Record<string, string>): never {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? (error as { code?: string; constraint?: string });
  const field = driverError.code === '23505' && driverError.constraint ? fieldsByConstraint[driverError.constraint] : undefined;
  if (field) {
    throw new ConflictException({ error: 'Conflict', message: `${field} is already in use`, details: [{ path: field, message: 'already in use', rule: 'taken' }] });
  }
  throw error;
}
