/**
 * The trust derivations of docs/protocol.md "Trust": what a room key yields
 * (admission proof, room id, verification key), the hello binding to one peer connection,
 * device ids and safety codes. The Java twin is protocol/.../protocol/trust/; the shared
 * vectors hold both to the same bytes.
 *
 * The hashes are computed with @noble/hashes rather than WebCrypto: `crypto.subtle` exists only
 * in secure contexts, and a hub on a LAN address over plain http must still work; they are
 * synchronous, too, which keeps the hello path simple. Signatures are checked with WebCrypto's
 * Ed25519 where there is one, else with @noble/curves, loaded then (ed25519-js.ts). The device's
 * own signing key is WebCrypto's where it can be: see device-identity.ts.
 */
import { loadEd25519 } from './ed25519-lazy';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { concat, sha256, toBase64Url, utf8 } from './room-key';

export {
  ADMISSION_PROOF_LENGTH,
  ROOM_KEY_LENGTH,
  concat,
  fromBase64Url,
  newRoomKey,
  parseRoomKey,
  roomIdForProof,
  roomSecrets,
  toBase64Url,
  type RoomSecrets,
} from './room-key';
export const DEVICE_KEY_LENGTH = 43;
export const DEVICE_SIGNATURE_LENGTH = 86;
export const HELLO_PROOF_LENGTH = 43;

const HELLO_TAG = 'peerhub-hello-v2';
const SAFETY_TAG = 'peerhub-safety-v2';
const DEVICE_ID_BYTES = 16;

/**
 * The bytes a hello proves and signs (see HelloBinding.java for the why): a tag, a zero byte,
 * then room id, sender, receiver, sender fingerprint, receiver fingerprint, sender device key,
 * each as a 2-byte big-endian length and its bytes.
 */
export function helloBinding(
  roomId: string,
  fromPeer: string,
  toPeer: string,
  fromFingerprint: string,
  toFingerprint: string,
  fromDeviceKey: Uint8Array,
): Uint8Array {
  const fields: Uint8Array[] = [roomId, fromPeer, toPeer, fromFingerprint, toFingerprint].map((s) => utf8.encode(s));
  fields.push(fromDeviceKey);
  const parts: Uint8Array[] = [utf8.encode(HELLO_TAG) as Uint8Array, new Uint8Array([0])];
  for (const f of fields) {
    if (f.length > 0xffff) throw new Error('binding field too long');
    parts.push(new Uint8Array([f.length >>> 8, f.length & 0xff]), f);
  }
  return concat(...parts);
}

export function helloProof(verifyKey: Uint8Array, binding: Uint8Array): Uint8Array {
  return hmac(nobleSha256, verifyKey, binding);
}

export function helloProofMatches(verifyKey: Uint8Array, binding: Uint8Array, proof: Uint8Array): boolean {
  const expected = helloProof(verifyKey, binding);
  if (proof.length !== expected.length) return false;
  // Constant time: the proof is a secret-dependent value.
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected[i]! ^ proof[i]!;
  return diff === 0;
}

/**
 * The DTLS fingerprint(s) an SDP announces, normalised exactly as HelloBinding.fingerprint does:
 * lower-case algorithm, a space, upper-case hex; distinct values sorted, joined with commas.
 */
export function sdpFingerprint(sdp: string | undefined | null): string | null {
  if (!sdp) return null;
  const found = new Set<string>();
  for (const line of sdp.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('a=fingerprint:')) continue;
    const parts = trimmed.slice('a=fingerprint:'.length).trim().split(/\s+/);
    if (parts.length === 2 && parts[0] && parts[1]) found.add(`${parts[0].toLowerCase()} ${parts[1].toUpperCase()}`);
  }
  // Java sorts by UTF-16 code units too (TreeSet of String): same order for these ASCII values.
  return found.size === 0 ? null : [...found].sort().join(',');
}

export function deviceIdOf(deviceKey: Uint8Array): string {
  return toBase64Url(sha256(deviceKey).subarray(0, DEVICE_ID_BYTES));
}

/**
 * The same check with the browser's native Ed25519 where it has one: about 0.3 ms against the
 * pure-JavaScript 10 ms or more on a page that has not run it yet (docs/benchmarks.md "Join"),
 * which is most of what verifying a peer costs a join. Falls back to the library where
 * WebCrypto lacks Ed25519 or is absent (plain http on a LAN address is not a secure context).
 */
export async function verifyDeviceSignatureNative(
  deviceKey: Uint8Array,
  data: Uint8Array,
  signature: Uint8Array,
  subtle: SubtleCrypto | null = globalThis.crypto?.subtle ?? null,
): Promise<boolean> {
  if (deviceKey.length !== 32 || signature.length !== 64) return false;
  if (subtle) {
    let key: CryptoKey | null = null;
    try {
      key = await subtle.importKey('raw', deviceKey as BufferSource, { name: 'Ed25519' }, false, ['verify']);
    } catch {
      // No Ed25519 here (or a key WebCrypto will not take): the library decides below.
    }
    if (key) {
      try {
        return await subtle.verify({ name: 'Ed25519' }, key, signature as BufferSource, data as BufferSource);
      } catch {
        return false;
      }
    }
  }
  try {
    return (await loadEd25519()).verifyDeviceSignature(deviceKey, data, signature);
  } catch (err) {
    // The library's chunk did not load: unverified for now, never an exception for a peer's hello.
    console.warn('peerhub: the Ed25519 library did not load', err);
    return false;
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Five groups of four digits from both device keys, the same on both screens. */
export function safetyCode(keyA: Uint8Array, keyB: Uint8Array): string {
  const [first, second] = compareBytes(keyA, keyB) <= 0 ? [keyA, keyB] : [keyB, keyA];
  const hash = sha256(utf8.encode(SAFETY_TAG), first!, second!);
  const view = new DataView(hash.buffer, hash.byteOffset, hash.byteLength);
  const groups: string[] = [];
  for (let g = 0; g < 5; g++) groups.push(String(view.getUint32(4 * g) % 10_000).padStart(4, '0'));
  return groups.join(' ');
}
