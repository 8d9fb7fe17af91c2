/**
 * Ed25519 in JavaScript (@noble/curves), for where WebCrypto has none: plain http on a LAN
 * address is not a secure context, and some browsers lack Ed25519 in WebCrypto. A module of its
 * own, loaded on first use (loadEd25519): evaluating the library builds its curve tables, which
 * cost a join's main thread ~15 ms that a browser with native Ed25519 never needs.
 */
import { ed25519 } from '@noble/curves/ed25519.js';

export { ed25519 };

/**
 * False for a bad key, a bad signature or a signature over other data; never throws. Strict
 * RFC 8032 rules (`zip215: false`), as Java's and WebCrypto's Ed25519 apply them, so all three
 * agree on the odd encodings a hostile peer might try.
 */
export function verifyDeviceSignature(deviceKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  if (deviceKey.length !== 32 || signature.length !== 64) return false;
  try {
    return ed25519.verify(signature, data, deviceKey, { zip215: false });
  } catch {
    return false;
  }
}
