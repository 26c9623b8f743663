import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for personal data at rest. Each ciphertext names the key that made it, so
 * keys can be rotated while old rows stay readable. The associated data binds a ciphertext
 * to its owner (e.g. tenant and row id): copied into another row, it no longer decrypts.
 *
 * Format: `v1.<keyId>.<iv b64url>.<tag b64url>.<ciphertext b64url>`
 */
export class FieldCipher {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    readonly activeKeyId: string,
  ) {
    for (const [keyId, key] of keys) {
      if (key.length !== 32) throw new Error(`key ${keyId} must be 32 bytes`);
      if (!/^[A-Za-z0-9_-]+$/.test(keyId)) throw new Error(`key id ${keyId} must be url-safe`);
    }
    if (!keys.has(activeKeyId)) throw new Error(`active key ${activeKeyId} is not in the key ring`);
  }

  encrypt(plaintext: string, associatedData: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.activeKeyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  decrypt(ciphertext: string, associatedData: string): string {
    const [version, keyId, iv, tag, body] = ciphertext.split('.');
    const key = this.keys.get(keyId);
    if (version !== 'v1' || !key || !iv || !tag || body === undefined) {
      throw new Error('unreadable ciphertext (unknown format or key)');
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  keyIdOf(ciphertext: string): string {
    return ciphertext.split('.')[1] ?? '';
  }
}

/**
 * Keyed HMAC "blind index": lets the database answer exact-match lookups (login by e-mail)
 * without holding the plaintext. Normalise before indexing so lookups match what was stored.
 */
export class BlindIndex {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('blind index key must be at least 32 bytes');
  }

  of(value: string, scope: string): string {
    return createHmac('sha256', this.key).update(scope).update('\u0000').update(value).digest('base64url');
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Phone numbers are stored in E.164 (`+819012345678`); spaces and hyphens people type are dropped. */
export function normalisePhone(phone: string): string {
  return phone.replace(/[\s-]/g, '');
}
