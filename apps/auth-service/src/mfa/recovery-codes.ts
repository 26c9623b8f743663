import { createHash, randomBytes } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
/** 10 bytes = 80 bits = 16 base32 characters, shown as four groups of four. */
const RECOVERY_CODE_BYTES = 10;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export interface RecoveryCodeBatch {
  /** Shown to the person once; never stored. */
  codes: string[];
  hashes: string[];
}

/**
 * One-time codes for when the phone is lost. Stored as SHA-256, not argon2id: with 80 random
 * bits per code, a stolen table cannot be brute-forced whatever the hash speed, so a slow hash
 * would only cost CPU at every login attempt (argon2 already takes the login budget) and rule
 * out looking a code up by its hash.
 */
export class RecoveryCodes {
  generate(): RecoveryCodeBatch {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => formatted(base32(randomBytes(RECOVERY_CODE_BYTES))));
    return { codes, hashes: codes.map((code) => this.hashOf(code)) };
  }

  /** Case, spaces and dashes do not matter: people copy codes from paper. */
  hashOf(code: string): string {
    const canonical = code.toUpperCase().replace(/[\s-]/g, '');
    return createHash('sha256').update(canonical).digest('base64url');
  }
}

function base32(bytes: Buffer): string {
  const bits = [...bytes].map((byte) => byte.toString(2).padStart(8, '0')).join('');
  return (bits.match(/.{5}/g) ?? []).map((chunk) => BASE32_ALPHABET[parseInt(chunk, 2)]).join('');
}

function formatted(code: string): string {
  return code.match(/.{4}/g)!.join('-');
}
