import { exportJWK, importJWK, JWK, JSONWebKeySet, KeyLike } from 'jose';
import { createPublicKey, JsonWebKey } from 'node:crypto';
import { z } from 'zod';

const signingJwk = z
  .object({
    kid: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
    // ES256 only: the guards verify through passport-jwt (jsonwebtoken), which has no EdDSA.
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string(),
    y: z.string().optional(),
    d: z.string().optional(),
  })
  .loose();

/** `AUTH_SIGNING_KEYS`: base64 of `{"keys":[JWK…]}` (env files cannot hold JSON quotes). */
export const signingKeySet = z
  .string()
  .min(1)
  .transform((value, context) => {
    try {
      return JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'must be base64 of a JSON JWK set' });
      return z.NEVER;
    }
  })
  .pipe(z.object({ keys: z.array(signingJwk).min(1) }));

type SigningJwk = z.infer<typeof signingJwk>;

/** As the frozen config holds it. */
export interface SigningKeySetSetting {
  readonly keys: readonly Readonly<SigningJwk>[];
}

export interface ActiveSigningKey {
  kid: string;
  alg: 'ES256' | 'EdDSA';
  privateKey: KeyLike;
}

/**
 * auth-service's token keys. One key signs (the active `kid`); every key in the set is
 * published in the JWKS, so tokens signed by the previous key keep verifying during a
 * rotation. Rotation without downtime: publish the new key first (add it, keep the active
 * id), wait one JWKS cache period, switch the active id, and drop the old key after the
 * longest token lifetime.
 */
export class SigningKeyRing {
  private constructor(
    readonly active: ActiveSigningKey,
    readonly publicKeySet: JSONWebKeySet,
  ) {}

  static async load(setting: SigningKeySetSetting, activeKeyId: string): Promise<SigningKeyRing> {
    const activeJwk = setting.keys.find((key) => key.kid === activeKeyId);
    if (!activeJwk?.d) {
      throw new Error(`AUTH_ACTIVE_SIGNING_KEY_ID ${activeKeyId} is not a private key in AUTH_SIGNING_KEYS`);
    }
    const alg = algorithmOf(activeJwk);
    const privateKey = (await importJWK(activeJwk as JWK, alg)) as KeyLike;
    const publicKeys = await Promise.all(setting.keys.map((key) => publicJwkOf(key as JWK & { kid: string })));
    return new SigningKeyRing({ kid: activeJwk.kid, alg, privateKey }, { keys: publicKeys });
  }
}

function algorithmOf(jwk: { crv: string }): 'ES256' | 'EdDSA' {
  return jwk.crv === 'P-256' ? 'ES256' : 'EdDSA';
}

/** Strips the private part; the published key says what it is for and with which algorithm. */
async function publicJwkOf(jwk: JWK & { kid: string }): Promise<JWK> {
  const publicKey = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } satisfies JsonWebKey, format: 'jwk' });
  return { ...(await exportJWK(publicKey)), kid: jwk.kid, alg: algorithmOf(jwk as { crv: string }), use: 'sig' };
}
