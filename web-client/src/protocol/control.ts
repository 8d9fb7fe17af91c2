/**
 * The control data channel (docs/protocol.md §2 "Control channel"): `hello`, `chat`, and the
 * transfer control messages defined in ./transfer.
 */
import { DEVICE_KEY_LENGTH, DEVICE_SIGNATURE_LENGTH, HELLO_PROOF_LENGTH, deviceIdOf, fromBase64Url } from './trust';
import { PEER_PROTOCOL_VERSION, codePointLength, fail, isInt, parseJsonObject, utf8Length, type Parsed } from './common';
import {
  isCanonicalBase64Url,
  isSignedName,
  parseHistoryBatch,
  parseHistoryRequest,
  type HistoryBatchMessage,
  type HistoryRequestMessage,
} from './history';
import {
  MAX_CONTROL_MESSAGE_BYTES,
  MAX_FRAME_BYTES,
  parseTransferControl,
  type TransferControlMessage,
} from './transfer';
import { SHARE_MESSAGE_TYPES, isShareType, parseShareMessage, type ShareMessage } from './share';

export const MAX_CHAT_CODE_POINTS = 4_000;
export const MAX_CHAT_ID_CHARS = 64;

/** Label and id of the pre-negotiated control channel: both sides create it, nobody announces it. */
export const CONTROL_CHANNEL_LABEL = 'peerhub';
export const CONTROL_CHANNEL_ID = 0;

// ---- Control channel ---------------------------------------------------------------------------

/** A browser profile's or Java peer installation's stable id: 128 random bits, base64url. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export interface HelloMessage {
  type: 'hello';
  v: typeof PEER_PROTOCOL_VERSION;
  name: string;
  /** Lets a receiver recognise, after a reload, the sender of a transfer it was receiving. With a key, the key's id. */
  device?: string;
  /**
   * The proof (docs/protocol.md "Verifying a peer"), all three or none: the sender's device key,
   * its signature over this connection's binding, and the room's proof over the same binding.
   */
  key?: string;
  sig?: string;
  proof?: string;
}
/**
 * A message to the room. `name` and `sig` come together: the name the sender went by and its
 * signature over the entry (docs/protocol.md "Chat history"); without them it is never kept.
 */
export interface ChatMessage { type: 'chat'; id: string; text: string; ts: number; name?: string; sig?: string }
/** A text to one peer (`Send text`): never kept as history nor relayed. */
export interface DirectMessage { type: 'direct'; id: string; text: string; ts: number }
export type ChannelMessage =
  | HelloMessage
  | ChatMessage
  | DirectMessage
  | HistoryRequestMessage
  | HistoryBatchMessage
  | TransferControlMessage
  | ShareMessage;

/** Every `type` of the control channel, as {@link parseChannelMessage} dispatches them. */
export const CONTROL_MESSAGE_TYPES = [
  'hello', 'chat', 'direct', 'history-request', 'history', 'transfer-offer', 'transfer-answer', 'transfer-resume', 'transfer-cancel',
  ...SHARE_MESSAGE_TYPES,
] as const satisfies readonly ChannelMessage['type'][];

// ---- Control channel validation --------------------------------------------------------------

export function isChatId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CHAT_ID_CHARS;
}

export function isChatText(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  // Cheap bound first: more UTF-16 units than 2× the limit cannot be within the limit.
  return value.length <= 2 * MAX_CHAT_CODE_POINTS && codePointLength(value) <= MAX_CHAT_CODE_POINTS;
}

/**
 * Validates one control-channel message; binary data is not part of the control protocol.
 * Messages are at most 16 KiB, except a `transfer-offer` part and a `history` batch (up to 256 KiB).
 */
export function parseChannelMessage(raw: unknown): Parsed<ChannelMessage> {
  if (typeof raw !== 'string') return fail('binary message on the control channel');
  // Every UTF-16 unit is at least one UTF-8 byte, so the length is a free lower bound.
  if (raw.length > MAX_FRAME_BYTES) return fail('larger than 256 KiB');
  const bytes = utf8Length(raw);
  if (bytes > MAX_FRAME_BYTES) return fail('larger than 256 KiB');
  const json = parseJsonObject(raw);
  if (!json.ok) return json;
  const m = json.value;
  if (bytes > MAX_CONTROL_MESSAGE_BYTES && m.type !== 'transfer-offer' && m.type !== 'history') return fail('larger than 16 KiB');
  switch (m.type) {
    case 'hello': {
      if (m.v !== PEER_PROTOCOL_VERSION) return fail('hello.v');
      if (typeof m.name !== 'string') return fail('hello.name');
      const hello: HelloMessage = { type: 'hello', v: PEER_PROTOCOL_VERSION, name: m.name };
      if (m.key != null || m.sig != null || m.proof != null) {
        // A tampered proof is no proof: the hello is dropped whole rather than read without it.
        const key = canonicalBase64Url(m.key, DEVICE_KEY_LENGTH);
        if (!key) return fail('hello.key');
        if (!canonicalBase64Url(m.sig, DEVICE_SIGNATURE_LENGTH)) return fail('hello.sig');
        if (!canonicalBase64Url(m.proof, HELLO_PROOF_LENGTH)) return fail('hello.proof');
        return {
          ok: true,
          value: { ...hello, device: deviceIdOf(key), key: m.key as string, sig: m.sig as string, proof: m.proof as string },
        };
      }
      // An odd device id (malformed, not a string) only costs the resume, never the hello.
      if (typeof m.device === 'string' && DEVICE_ID_PATTERN.test(m.device)) hello.device = m.device;
      return { ok: true, value: hello };
    }
    case 'chat':
    case 'direct': {
      if (!isChatId(m.id)) return fail(`${m.type}.id`);
      if (!isChatText(m.text)) return fail(`${m.type}.text`);
      if (!isInt(m.ts) || m.ts < 0) return fail(`${m.type}.ts`);
      if (m.type === 'direct') return { ok: true, value: { type: 'direct', id: m.id, text: m.text, ts: m.ts } };
      const chat: ChatMessage = { type: 'chat', id: m.id, text: m.text, ts: m.ts };
      if (m.name == null && m.sig == null) return { ok: true, value: chat };
      if (!isSignedName(m.name)) return fail('chat.name');
      if (!isCanonicalBase64Url(m.sig, DEVICE_SIGNATURE_LENGTH)) return fail('chat.sig');
      return { ok: true, value: { ...chat, name: m.name, sig: m.sig } };
    }
    case 'history-request':
      return parseHistoryRequest(m);
    case 'history':
      return parseHistoryBatch(m, isChatId, isChatText);
    default:
      return isShareType(m.type) ? parseShareMessage(m, isChatId) : parseTransferControl(m);
  }
}

/**
 * Serializes a control-channel message, or returns null when it would exceed its limit
 * (16 KiB; a `transfer-offer` part or `history` batch may use up to `offerLimit`).
 */
export function encodeChannelMessage(message: ChannelMessage, offerLimit = MAX_FRAME_BYTES): string | null {
  const text = JSON.stringify(message);
  const large = message.type === 'transfer-offer' || message.type === 'history';
  const limit = large ? Math.min(offerLimit, MAX_FRAME_BYTES) : MAX_CONTROL_MESSAGE_BYTES;
  return utf8Length(text) <= limit ? text : null;
}

/** The bytes of `value` when it is exactly `length` characters of canonical base64url, else null. */
function canonicalBase64Url(value: unknown, length: number): Uint8Array | null {
  return typeof value === 'string' && value.length === length ? fromBase64Url(value) : null;
}
