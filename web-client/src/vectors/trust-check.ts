/**
 * The browser's run of protocol/vectors/trust.json: each case names an `op`, its `input`, and
 * the `value` the derivation must give (the Java twin is TrustChecks.java).
 */
import { ed25519, verifyDeviceSignature } from '../protocol/ed25519-js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  deviceIdOf,
  fromBase64Url,
  helloBinding,
  helloProof,
  parseRoomKey,
  roomIdForProof,
  roomSecrets,
  safetyCode,
  sdpFingerprint,
  toBase64Url,
} from '../protocol/trust';
import { chatBinding, historyDigest } from '../protocol/history';
import { parseChannelMessage } from '../protocol/control';
import type { Case } from './load';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const unhex = (s: string) => new Uint8Array((s.match(/../g) ?? []).map((b) => parseInt(b, 16)));

function b64(text: unknown): Uint8Array {
  const bytes = typeof text === 'string' ? fromBase64Url(text) : null;
  if (!bytes) throw new Error(`not base64url: ${String(text)}`);
  return bytes;
}

function derive(op: string, input: Record<string, string>): unknown {
  switch (op) {
    case 'hkdf':
      return hex(hkdf(sha256, unhex(input.ikm!), unhex(input.salt!), unhex(input.info!), Number(input.length)));
    case 'room-key': {
      const key = parseRoomKey(input.key!);
      if (!key) return null;
      const s = roomSecrets(key);
      return { admissionProof: s.admissionProof, roomId: s.roomId, verifyKey: toBase64Url(s.verifyKey) };
    }
    case 'room-for-proof':
      return roomIdForProof(input.proof!);
    case 'hello-binding': {
      const bytes = helloBinding(input.roomId!, input.fromPeer!, input.toPeer!, input.fromFingerprint!, input.toFingerprint!, b64(input.deviceKey));
      return { hex: hex(bytes), proof: toBase64Url(helloProof(b64(input.verifyKey), bytes)) };
    }
    case 'sdp-fingerprint':
      return sdpFingerprint(input.sdp!);
    case 'device-id':
      return deviceIdOf(b64(input.deviceKey));
    case 'safety-code':
      return safetyCode(b64(input.a), b64(input.b));
    case 'device-sign':
      return { signature: toBase64Url(ed25519.sign(unhex(input.data!), unhex(input.seed!))) };
    case 'device-verify': {
      const signature = fromBase64Url(input.signature!) ?? new Uint8Array(0);
      return verifyDeviceSignature(b64(input.deviceKey), unhex(input.data!), signature);
    }
    case 'chat-binding': {
      const i = input as unknown as { roomId: string; id: string; ts: number; name: string; text: string; deviceKey: string };
      return hex(chatBinding(i.roomId, i.id, i.ts, i.name, i.text, b64(i.deviceKey)));
    }
    case 'chat-entry-verify': {
      const i = input as unknown as { roomId: string; entry: unknown };
      const parsed = parseChannelMessage(JSON.stringify({ type: 'history', entries: [i.entry], last: true }));
      if (!parsed.ok || parsed.value.type !== 'history') return false;
      const e = parsed.value.entries[0]!;
      const key = b64(e.key);
      return verifyDeviceSignature(key, chatBinding(i.roomId, e.id, e.ts, e.name, e.text, key), b64(e.sig));
    }
    case 'history-digest':
      return historyDigest((input as unknown as { entries: [string, string][] }).entries);
    default:
      throw new Error(`unknown trust op ${op}`);
  }
}

export function trust(c: Case): string | null {
  const got = derive(c.op as string, c.input as Record<string, string>);
  const a = JSON.stringify(got);
  const e = JSON.stringify(c.value);
  return a === e ? null : `gave ${a}, not ${e}`;
}
