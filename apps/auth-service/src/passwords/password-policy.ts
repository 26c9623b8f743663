import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const MINIMUM_PASSWORD_LENGTH = 12;
/** Bounds the hashing work one request can ask for; long passphrases still fit. */
export const MAXIMUM_PASSWORD_LENGTH = 256;

/** The bundled list (see apps/auth-service/tools/generate-common-passwords.mjs for its origin). */
export function loadCommonPasswords(file = resolve(__dirname, '../../data/common-passwords.txt')): ReadonlySet<string> {
  return new Set(readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0));
}

/**
 * NIST SP 800-63B style: long enough, not a known common password, not built from the
 * account's own e-mail. No composition rules (they make passwords weaker and harder to remember).
 */
export class PasswordPolicy {
  constructor(private readonly commonPasswords: ReadonlySet<string>) {}

  /** Problems with the password, for the person choosing it; empty when it is acceptable. */
  problemsWith(password: string, email: string): string[] {
    const lowered = password.toLowerCase();
    const emailName = email.split('@')[0]?.toLowerCase() ?? '';
    const rules: [boolean, string][] = [
      [[...password].length < MINIMUM_PASSWORD_LENGTH, `must be at least ${MINIMUM_PASSWORD_LENGTH} characters`],
      [[...password].length > MAXIMUM_PASSWORD_LENGTH, `must be at most ${MAXIMUM_PASSWORD_LENGTH} characters`],
      [this.commonPasswords.has(lowered), 'is one of the most common passwords'],
      [new Set(password).size < 4, 'repeats too few different characters'],
      [emailName.length >= 4 && lowered.includes(emailName), 'must not contain your e-mail address'],
    ];
    return rules.filter(([broken]) => broken).map(([, problem]) => problem);
  }
}
