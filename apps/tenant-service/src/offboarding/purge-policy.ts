const dayMs = 86_400_000;

/** What a purge leaves of an employee: the id and nothing that points back at the person. */
export interface EmployeeTombstone {
  employeeNumber: string;
  name: string;
}

/**
 * When a disabled employee's personal data is due to be erased, and what stays behind.
 * The due time is derived from `disabled_at` and the configured period (not stored per row),
 * so shortening or lengthening the retention period applies to everyone already waiting.
 */
export class PurgePolicy {
  constructor(readonly purgeAfterDays: number) {}

  purgeAfter(disabledAt: Date): Date {
    return new Date(disabledAt.getTime() + this.purgeAfterDays * dayMs);
  }

  /** Employees disabled at or before this instant are due at `now`. */
  disabledNoLaterThan(now: Date): Date {
    return new Date(now.getTime() - this.purgeAfterDays * dayMs);
  }

  /**
   * The employee number is replaced too: it is the key HR systems, payroll and badge records
   * use, so keeping it would let anyone holding those re-identify the tombstone. The
   * replacement derives from the id, which keeps it unique within the tenant (32 characters
   * fit the column) and frees the real number for reuse.
   */
  tombstoneOf(employeeId: string): EmployeeTombstone {
    return { employeeNumber: `purged-${employeeId.replace(/-/g, '').slice(0, 25)}`, name: '(purged)' };
  }
}
