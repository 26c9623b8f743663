/**
 * A key ring as it arrives from the environment (a Kubernetes Secret):
 * `keyId:base64(32 bytes)[,keyId:base64…]`. All keys decrypt; one of them, named separately,
 * encrypts. Throws with a message fit for `invalid configuration: <VARIABLE>: <message>`.
 */
export function parseKeyRing(text: string): Map<string, Buffer> {
  const ring = new Map<string, Buffer>();
  for (const entry of text.split(',')) {
    const [keyId, encoded, ...rest] = entry.trim().split(':');
    const key = Buffer.from(encoded ?? '', 'base64');
    if (!keyId || !/^[A-Za-z0-9_-]+$/.test(keyId) || key.length !== 32 || rest.length > 0) {
      throw new Error('each entry must be keyId:<32 bytes, base64>');
    }
    if (ring.has(keyId)) {
      throw new Error(`key id ${keyId} appears twice`);
    }
    ring.set(keyId, key);
  }
  return ring;
}
