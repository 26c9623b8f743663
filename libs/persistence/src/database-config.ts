import { z } from 'zod';

/**
 * Connection settings of one service's database. The application role (DB_USER) is never
 * the owner of the tables, so row-level security applies to it; migrations run as the
 * owner role (DB_MIGRATION_USER) from a separate command.
 */
export const databaseVariables = {
  DB_NAME: z.string().min(1),
  DB_USER: z.string().min(1),
  DB_PASSWORD: z.string().default(''),
  DB_MIGRATION_USER: z.string().min(1).optional(),
  DB_MIGRATION_PASSWORD: z.string().default(''),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
};

export interface DatabaseConnectionSettings {
  readonly PGHOST: string;
  readonly PGPORT: number;
  readonly DB_NAME: string;
  readonly DB_USER: string;
  readonly DB_PASSWORD: string;
  readonly DB_MIGRATION_USER?: string;
  readonly DB_MIGRATION_PASSWORD: string;
  readonly DB_POOL_SIZE: number;
  readonly DB_STATEMENT_TIMEOUT_MS: number;
}
