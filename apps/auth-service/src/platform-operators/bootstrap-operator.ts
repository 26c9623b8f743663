import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { PasswordHasher } from '../passwords/password-hasher';
import { MAXIMUM_PASSWORD_LENGTH, PasswordPolicy } from '../passwords/password-policy';
import { PlatformOperatorStore } from './platform-operator-store';

/**
 * What the bootstrap command reads from its environment (never from arguments, which other
 * users of the machine can see in the process list). Only the command reads these.
 */
export const operatorBootstrapVariables = z.object({
  PLATFORM_OPERATOR_EMAIL: z.email().max(254),
  PLATFORM_OPERATOR_DISPLAY_NAME: z.string().trim().min(1).max(200),
  PLATFORM_OPERATOR_PASSWORD: z.string().min(1).max(MAXIMUM_PASSWORD_LENGTH * 4),
  /** The shared TOTP secret, base32 as authenticator apps take it; at least 160 bits (RFC 4226). */
  PLATFORM_OPERATOR_TOTP_SECRET: z
    .string()
    .transform((secret) => secret.replace(/\s+/g, '').toUpperCase())
    .pipe(z.string().regex(/^[A-Z2-7]{32,128}$/, 'must be base32 of at least 160 bits (32 characters)')),
});

export type OperatorBootstrap = z.infer<typeof operatorBootstrapVariables>;

export class WeakOperatorPassword extends Error {
  constructor(readonly problems: string[]) {
    super(`PLATFORM_OPERATOR_PASSWORD: ${problems.join('; ')}`);
    this.name = 'WeakOperatorPassword';
  }
}

/**
 * Creates a platform operator, or resets the password and TOTP secret of the one with that
 * e-mail (the way back in for an operator who lost either). Audited either way.
 */
export class BootstrapOperator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PlatformOperatorStore,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
  ) {}

  async execute(bootstrap: OperatorBootstrap): Promise<{ operatorId: string; created: boolean }> {
    const problems = this.policy.problemsWith(bootstrap.PLATFORM_OPERATOR_PASSWORD, bootstrap.PLATFORM_OPERATOR_EMAIL);
    if (problems.length > 0) throw new WeakOperatorPassword(problems);
    const passwordHash = await this.hasher.hash(bootstrap.PLATFORM_OPERATOR_PASSWORD);
    return this.dataSource.transaction(async (manager) => {
      const { id, created } = await this.store.upsert(manager, {
        id: randomUUID(),
        email: bootstrap.PLATFORM_OPERATOR_EMAIL,
        displayName: bootstrap.PLATFORM_OPERATOR_DISPLAY_NAME,
        passwordHash,
        totpSecret: bootstrap.PLATFORM_OPERATOR_TOTP_SECRET,
      });
      await this.store.audit(manager, { operatorId: id, action: created ? 'operator_created' : 'operator_credentials_reset', ip: null });
      return { operatorId: id, created };
    });
  }
}
