/**
 * The room key and what it yields (docs/protocol.md "The room key"): admission proof, room id and
 * verification key, with the base64url and SHA-256 helpers they need. A module of its own, with
 * only @noble/hashes, because the room page's first script (room-entry.ts) derives the proof to
 * join before the rest of the page has loaded; trust.ts re-exports all of it.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

export const ROOM_KEY_LENGTH = 22;
export const ADMISSION_PROOF_LENGTH = 43;

const SALT = 'peerhub-room-v2';
const ADMISSION_INFO = 'admission';
const VERIFY_INFO = 'peer verification';
const ROOM_ID_BYTES = 16;

export const utf8 = new TextEncoder();
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

function derive(key: Uint8Array, info: string, bytes: number): Uint8Array {
  return hkdf(nobleSha256, key, utf8.encode(SALT), utf8.encode(info), bytes);
}

export function sha256(...parts: Uint8Array[]): Uint8Array {
  return nobleSha256(concat(...parts));
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
/** What a room key yields; the verification key never leaves this page. */
export interface RoomSecrets {
  roomId: string;
  /** Sent in `join`: the server checks that its SHA-256 names the room. */
  admissionProof: string;
  verifyKey: Uint8Array;
}

export function roomSecrets(key: Uint8Array): RoomSecrets {
  const admission = derive(key, ADMISSION_INFO, 32);
  return {
    roomId: roomIdForAdmission(admission),
    admissionProof: toBase64Url(admission),
    verifyKey: derive(key, VERIFY_INFO, 32),
  };
}

function roomIdForAdmission(admission: Uint8Array): string {
  return toBase64Url(sha256(admission).subarray(0, ROOM_ID_BYTES));
}

/** The room a proof admits to (what a server checks), or null for text that is not a proof. */
export function roomIdForProof(proof: string): string | null {
  if (proof.length !== ADMISSION_PROOF_LENGTH) return null;
  const bytes = fromBase64Url(proof);
  return bytes ? roomIdForAdmission(bytes) : null;
}
