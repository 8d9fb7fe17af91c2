/**
 * The trust derivations of docs/protocol.md "Trust", in WebCrypto: what a room key yields
 * (admission proof, room id, verification key), the hello binding to one peer connection,
 * device ids and safety codes. The Java twin is protocol/.../protocol/trust/; the shared
 * vectors hold both to the same bytes.
 */
export const ROOM_KEY_LENGTH = 22;
export const ADMISSION_PROOF_LENGTH = 43;
export const DEVICE_KEY_LENGTH = 43;
export const DEVICE_SIGNATURE_LENGTH = 86;
export const HELLO_PROOF_LENGTH = 43;

const SALT = 'peerhub-room-v2';
const ADMISSION_INFO = 'admission';
const VERIFY_INFO = 'peer verification';
const HELLO_TAG = 'peerhub-hello-v2';
const SAFETY_TAG = 'peerhub-safety-v2';
const ROOM_ID_BYTES = 16;
const DEVICE_ID_BYTES = 16;

const utf8 = new TextEncoder();
const B64URL = /^[A-Za-z0-9_-]*$/;

export function toBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes canonical base64url only (so one value has one spelling); null otherwise. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!B64URL.test(text) || text.length % 4 === 1) return null;
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return toBase64Url(bytes) === text ? bytes : null;
}

/** The room key from a link's fragment (without `#`), or null when it is not one. */
export function parseRoomKey(text: string): Uint8Array | null {
  if (text.length !== ROOM_KEY_LENGTH) return null;
  return fromBase64Url(text);
}

export function newRoomKey(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}

async function hkdf(key: Uint8Array, info: string, bytes: number): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey('raw', key as BufferSource, 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: utf8.encode(SALT), info: utf8.encode(info) },
    base,
    bytes * 8,
  );
  return new Uint8Array(bits);
}

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(...parts) as BufferSource));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** What a room key yields; the verification key never leaves this page. */
export interface RoomSecrets {
  roomId: string;
  /** Sent in `join`: the server checks that its SHA-256 names the room. */
  admissionProof: string;
  verifyKey: Uint8Array;
}

export async function roomSecrets(key: Uint8Array): Promise<RoomSecrets> {
  const admission = await hkdf(key, ADMISSION_INFO, 32);
  return {
    roomId: await roomIdForAdmission(admission),
    admissionProof: toBase64Url(admission),
    verifyKey: await hkdf(key, VERIFY_INFO, 32),
  };
}

async function roomIdForAdmission(admission: Uint8Array): Promise<string> {
  return toBase64Url((await sha256(admission)).subarray(0, ROOM_ID_BYTES));
}

/** The room a proof admits to (what a server checks), or null for text that is not a proof. */
export async function roomIdForProof(proof: string): Promise<string | null> {
  if (proof.length !== ADMISSION_PROOF_LENGTH) return null;
  const bytes = fromBase64Url(proof);
  return bytes ? roomIdForAdmission(bytes) : null;
}

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

async function hmacKey(verifyKey: Uint8Array, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', verifyKey as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

export async function helloProof(verifyKey: Uint8Array, binding: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(verifyKey, 'sign'), binding as BufferSource));
}

/** Constant-time by WebCrypto's own HMAC verify. */
export async function helloProofMatches(verifyKey: Uint8Array, binding: Uint8Array, proof: Uint8Array): Promise<boolean> {
  return crypto.subtle.verify('HMAC', await hmacKey(verifyKey, 'verify'), proof as BufferSource, binding as BufferSource);
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

export async function deviceIdOf(deviceKey: Uint8Array): Promise<string> {
  return toBase64Url((await sha256(deviceKey)).subarray(0, DEVICE_ID_BYTES));
}

export async function verifyDeviceSignature(deviceKey: Uint8Array, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (deviceKey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = await crypto.subtle.importKey('raw', deviceKey as BufferSource, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, signature as BufferSource, data as BufferSource);
  } catch {
    return false;
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Five groups of four digits from both device keys, the same on both screens. */
export async function safetyCode(keyA: Uint8Array, keyB: Uint8Array): Promise<string> {
  const [first, second] = compareBytes(keyA, keyB) <= 0 ? [keyA, keyB] : [keyB, keyA];
  const hash = await sha256(utf8.encode(SAFETY_TAG), first, second);
  const view = new DataView(hash.buffer, hash.byteOffset, hash.byteLength);
  const groups: string[] = [];
  for (let g = 0; g < 5; g++) groups.push(String(view.getUint32(4 * g) % 10_000).padStart(4, '0'));
  return groups.join(' ');
}
