/**
 * What a client may send the server (docs/protocol.md §1 "Client → server"), judged exactly as
 * the server judges it, down to the error code (Java: MessageCodec.decodeClient). The page builds
 * its messages itself and checks what a user types with {@link checkDisplayName} and
 * {@link isRoomId}; this whole-frame reading is what the shared vectors
 * (protocol/vectors/signaling-client.json) hold both sides to, so that the two can never
 * disagree on which frames the server takes.
 */
import { PROTOCOL_VERSION, hasDuplicateKeys, isInt, isObject, optionalString, utf8Length, type Json } from './common';
import {
  MAX_MESSAGE_BYTES,
  checkDisplayName,
  isClientKind,
  isRoomId,
  type ClientMessage,
  type ErrorCode,
  type JoinMessage,
  type SignalData,
} from './signaling';
import { roomIdForProof } from './trust';
import { breaksJsonLimits } from './json-limits';

/** Every `type` a client may send, as the server's readers dispatch them. */
export const CLIENT_MESSAGE_TYPES = ['join', 'rename', 'signal', 'ping', 'pong', 'leave', 'ice-renew'] as const;

export type ClientFrame = { ok: true; value: ClientMessage } | { ok: false; code: ErrorCode; reason: string };

const refuse = (code: ErrorCode, reason: string): ClientFrame => ({ ok: false, code, reason });

type Reader = (m: Json) => ClientFrame;

const readers: Record<(typeof CLIENT_MESSAGE_TYPES)[number], Reader> = {
  join(m) {
    // The version is judged before any other field: a later version may shape join differently.
    if (!isInt(m.v)) return refuse('bad-field', 'join.v');
    if (m.v !== PROTOCOL_VERSION) return refuse('unsupported-version', 'join.v');
    if (typeof m.room !== 'string') return refuse('bad-field', 'join.room');
    if (typeof m.name !== 'string') return refuse('bad-field', 'join.name');
    if (!isClientKind(m.kind)) return refuse('bad-field', 'join.kind');
    if (!optionalString(m, 'resume')) return refuse('bad-field', 'join.resume');
    if (!isRoomId(m.room)) return refuse('bad-room', 'join.room');
    const name = checkDisplayName(m.name);
    if (!name.ok) return refuse(name.code, 'join.name');
    // Its shape only: whether it admits to the room is the server's hash to compute.
    if (typeof m.proof !== 'string' || roomIdForProof(m.proof) === null) return refuse('bad-proof', 'join.proof');
    const join: JoinMessage = { type: 'join', v: PROTOCOL_VERSION, room: m.room, proof: m.proof, name: name.name, kind: m.kind };
    if (typeof m.resume === 'string') join.resume = m.resume;
    return { ok: true, value: join };
  },
  rename(m) {
    if (typeof m.name !== 'string') return refuse('bad-field', 'rename.name');
    const name = checkDisplayName(m.name);
    return name.ok ? { ok: true, value: { type: 'rename', name: name.name } } : refuse(name.code, 'rename.name');
  },
  signal(m) {
    if (typeof m.to !== 'string') return refuse('bad-field', 'signal.to');
    if (!isObject(m.data)) return refuse('bad-field', 'signal.data');
    // The handshake data is the peers' business (parseSignalData): the server relays any object as it is.
    return { ok: true, value: { type: 'signal', to: m.to, data: m.data as unknown as SignalData } };
  },
  ping: () => ({ ok: true, value: { type: 'ping' } }),
  pong: () => ({ ok: true, value: { type: 'pong' } }),
  leave: () => ({ ok: true, value: { type: 'leave' } }),
  'ice-renew': () => ({ ok: true, value: { type: 'ice-renew' } }),
};

/** Reads one frame as the server would: the message, or the error code it would answer with. */
export function parseClientMessage(raw: string): ClientFrame {
  // Every UTF-16 unit is at least one UTF-8 byte, so the length is a free lower bound.
  if (raw.length > MAX_MESSAGE_BYTES || utf8Length(raw) > MAX_MESSAGE_BYTES) return refuse('too-large', 'frame');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return refuse('bad-json', 'not JSON');
  }
  if (!isObject(value) || hasDuplicateKeys(raw)) return refuse('bad-json', 'not one JSON object');
  const limit = breaksJsonLimits(raw, MAX_MESSAGE_BYTES);
  if (limit) return refuse('bad-json', limit);
  const type = value.type;
  if (typeof type !== 'string' || !Object.hasOwn(readers, type)) return refuse('unknown-type', 'type');
  return readers[type as keyof typeof readers](value);
}
