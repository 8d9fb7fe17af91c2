/**
 * The one TypeScript mirror of docs/protocol.md (signaling v1 + the control data channel).
 *
 * Everything that crosses the wire is typed and validated here, so the rest of the client can
 * trust what it gets. Incoming messages are checked field by field: unknown fields are ignored
 * (forward compatibility, as the protocol says); known fields must have the right type.
 * A message type added here and not in docs/protocol.md and protocol/ (Java) is a bug.
 */

export const PROTOCOL_VERSION = 1;

/** Frames over 64 KiB are refused by the server (an SDP never needs more than ~16 KiB). */
export const MAX_MESSAGE_BYTES = 65_536;
/** Data-channel messages over 16 KiB are dropped: the safe size across browser SCTP stacks. */
export const MAX_CHANNEL_MESSAGE_BYTES = 16_384;
/** Display names are shown to every peer, so they are bounded. */
export const MAX_NAME_CODE_POINTS = 64;
export const MAX_CHAT_CODE_POINTS = 4_000;
export const MAX_CHAT_ID_CHARS = 64;

/** Label and id of the pre-negotiated control channel: both sides create it, nobody announces it. */
export const CONTROL_CHANNEL_LABEL = 'peerhub';
export const CONTROL_CHANNEL_ID = 0;

/** Unguessable room links are the room's only access control. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** Peer ids are assigned by the server (128 random bits, base64url), never chosen by a client. */
export const PEER_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** The resume token is a 256-bit bearer secret. */
export const RESUME_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/**
 * Control characters (Cc), format characters (Cf, e.g. bidi overrides), line/paragraph
 * separators, lone surrogates (Cs) — except the format characters emoji are built from: the
 * zero-width joiner and non-joiner (👨‍👩‍👧) and the tag characters of subdivision flags.
 */
const FORBIDDEN_NAME_CHARS = /(?![\u200C\u200D\u{E0020}-\u{E007F}])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

export const CLIENT_KINDS = ['browser', 'native', 'drop'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export const ERROR_CODES = [
  'bad-json',
  'unknown-type',
  'bad-field',
  'too-large',
  'unsupported-version',
  'bad-room',
  'bad-name',
  'name-too-long',
  'room-full',
  'not-joined',
  'already-joined',
  'unknown-peer',
  'rate-limited',
  'heartbeat-timeout',
  'replaced',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** WebSocket close codes the server uses (see "Error codes"). */
export const CLOSE_HEARTBEAT_TIMEOUT = 4008;
export const CLOSE_REPLACED = 4009;

export interface Peer {
  id: string;
  name: string;
  kind: ClientKind;
}

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

// ---- Client → server -------------------------------------------------------------------------

export interface JoinMessage {
  type: 'join';
  v: typeof PROTOCOL_VERSION;
  room: string;
  name: string;
  kind: ClientKind;
  resume?: string;
}
export interface RenameMessage { type: 'rename'; name: string }
export interface SignalOutMessage { type: 'signal'; to: string; data: SignalData }
export interface PingMessage { type: 'ping' }
export interface PongMessage { type: 'pong' }
export interface LeaveMessage { type: 'leave' }

export type ClientMessage =
  | JoinMessage
  | RenameMessage
  | SignalOutMessage
  | PingMessage
  | PongMessage
  | LeaveMessage;

// ---- Server → client -------------------------------------------------------------------------

export interface WelcomeMessage {
  type: 'welcome';
  v: typeof PROTOCOL_VERSION;
  self: Peer;
  resume: string;
  iceServers: IceServer[];
  peers: Peer[];
  heartbeatMs: number;
  resumed: boolean;
}
export interface PeerJoinedMessage { type: 'peer-joined'; peer: Peer }
export interface PeerLeftMessage { type: 'peer-left'; id: string }
export interface PeerUpdatedMessage { type: 'peer-updated'; peer: Peer }
export interface SignalInMessage { type: 'signal'; from: string; data: Record<string, unknown> }
export interface ErrorMessage {
  type: 'error';
  /** Usually an {@link ErrorCode}; kept open so a newer server's codes still arrive. */
  code: string;
  message: string;
  ref?: string;
}

export type ServerMessage =
  | WelcomeMessage
  | PeerJoinedMessage
  | PeerLeftMessage
  | PeerUpdatedMessage
  | SignalInMessage
  | PingMessage
  | PongMessage
  | ErrorMessage;

// ---- Peer handshake carried in signal.data ---------------------------------------------------

export type SessionDescriptionType = 'offer' | 'answer' | 'rollback';
export interface DescriptionSignal { description: { type: SessionDescriptionType; sdp: string } }
export interface CandidateSignal { candidate: RTCIceCandidateInit | null }
export type SignalData = DescriptionSignal | CandidateSignal;

// ---- Control channel ---------------------------------------------------------------------------

export interface HelloMessage { type: 'hello'; v: typeof PROTOCOL_VERSION; name: string }
export interface ChatMessage { type: 'chat'; id: string; text: string; ts: number }
export type ChannelMessage = HelloMessage | ChatMessage;

/** Result of validating something from outside: the value, or why it was refused (for logs). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

// ---- Small helpers ---------------------------------------------------------------------------

/** Counts Unicode code points, not UTF-16 units: the protocol's limits are in code points. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

const encoder = new TextEncoder();
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

export function isRoomId(value: string): boolean {
  return ROOM_ID_PATTERN.test(value);
}
export function isPeerId(value: unknown): value is string {
  return typeof value === 'string' && PEER_ID_PATTERN.test(value);
}
export function isClientKind(value: unknown): value is ClientKind {
  return typeof value === 'string' && (CLIENT_KINDS as readonly string[]).includes(value);
}

export type NameCheck =
  | { ok: true; name: string }
  | { ok: false; code: 'bad-name' | 'name-too-long'; reason: string };

/** The display-name rule, exactly as the server applies it: trim, 1–64 code points, no controls. */
export function checkDisplayName(raw: string): NameCheck {
  const name = raw.trim();
  if (name.length === 0) return { ok: false, code: 'bad-name', reason: 'The name is empty.' };
  if (FORBIDDEN_NAME_CHARS.test(name)) {
    return { ok: false, code: 'bad-name', reason: 'The name holds invisible or control characters.' };
  }
  if (codePointLength(name) > MAX_NAME_CODE_POINTS) {
    return {
      ok: false,
      code: 'name-too-long',
      reason: `The name is longer than ${MAX_NAME_CODE_POINTS} characters.`,
    };
  }
  return { ok: true, name };
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}
function optionalString(obj: Json, key: string): boolean {
  return obj[key] === undefined || typeof obj[key] === 'string';
}

function parseJsonObject(raw: string): Parsed<Json> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!isObject(value)) return { ok: false, reason: 'not a JSON object' };
  if (typeof value.type !== 'string') return { ok: false, reason: 'missing type' };
  return { ok: true, value };
}

function fail<T>(reason: string): Parsed<T> {
  return { ok: false, reason };
}

// ---- Server message validation ---------------------------------------------------------------

export function parsePeer(value: unknown): Peer | null {
  if (!isObject(value)) return null;
  if (!isPeerId(value.id) || !isClientKind(value.kind)) return null;
  if (typeof value.name !== 'string') return null;
  const name = checkDisplayName(value.name);
  // A name the server should never have let through is refused here too: it will be painted.
  if (!name.ok || name.name !== value.name) return null;
  return { id: value.id, name: value.name, kind: value.kind };
}

function parseIceServer(value: unknown): IceServer | null {
  if (!isObject(value)) return null;
  const { urls } = value;
  if (!Array.isArray(urls) || urls.length === 0 || !urls.every((u) => typeof u === 'string')) {
    return null;
  }
  if (!optionalString(value, 'username') || !optionalString(value, 'credential')) return null;
  const server: IceServer = { urls: [...(urls as string[])] };
  if (typeof value.username === 'string') server.username = value.username;
  if (typeof value.credential === 'string') server.credential = value.credential;
  return server;
}

function parseList<T>(value: unknown, item: (v: unknown) => T | null): T[] | null {
  if (!Array.isArray(value)) return null;
  const out: T[] = [];
  for (const v of value) {
    const parsed = item(v);
    if (parsed === null) return null;
    out.push(parsed);
  }
  return out;
}

type ServerValidator = (msg: Json) => Parsed<ServerMessage>;

/** One small validator per server message type, dispatched through a map. */
const serverValidators: Record<ServerMessage['type'], ServerValidator> = {
  welcome(m) {
    if (m.v !== PROTOCOL_VERSION) return fail('welcome.v');
    const self = parsePeer(m.self);
    if (!self) return fail('welcome.self');
    if (typeof m.resume !== 'string' || !RESUME_TOKEN_PATTERN.test(m.resume)) return fail('welcome.resume');
    const iceServers = parseList(m.iceServers, parseIceServer);
    if (!iceServers) return fail('welcome.iceServers');
    const peers = parseList(m.peers, parsePeer);
    if (!peers) return fail('welcome.peers');
    if (!isInt(m.heartbeatMs) || m.heartbeatMs <= 0) return fail('welcome.heartbeatMs');
    if (typeof m.resumed !== 'boolean') return fail('welcome.resumed');
    return {
      ok: true,
      value: {
        type: 'welcome',
        v: PROTOCOL_VERSION,
        self,
        resume: m.resume,
        iceServers,
        peers,
        heartbeatMs: m.heartbeatMs,
        resumed: m.resumed,
      },
    };
  },
  'peer-joined'(m) {
    const peer = parsePeer(m.peer);
    return peer ? { ok: true, value: { type: 'peer-joined', peer } } : fail('peer-joined.peer');
  },
  'peer-left'(m) {
    return isPeerId(m.id) ? { ok: true, value: { type: 'peer-left', id: m.id } } : fail('peer-left.id');
  },
  'peer-updated'(m) {
    const peer = parsePeer(m.peer);
    return peer ? { ok: true, value: { type: 'peer-updated', peer } } : fail('peer-updated.peer');
  },
  signal(m) {
    if (!isPeerId(m.from)) return fail('signal.from');
    if (!isObject(m.data)) return fail('signal.data');
    return { ok: true, value: { type: 'signal', from: m.from, data: m.data } };
  },
  ping: () => ({ ok: true, value: { type: 'ping' } }),
  pong: () => ({ ok: true, value: { type: 'pong' } }),
  error(m) {
    if (typeof m.code !== 'string' || m.code.length === 0) return fail('error.code');
    if (typeof m.message !== 'string') return fail('error.message');
    if (!optionalString(m, 'ref')) return fail('error.ref');
    const value: ErrorMessage = { type: 'error', code: m.code, message: m.message };
    if (typeof m.ref === 'string') value.ref = m.ref;
    return { ok: true, value };
  },
};

/** Validates one text frame from the signaling server. */
export function parseServerMessage(raw: string): Parsed<ServerMessage> {
  const json = parseJsonObject(raw);
  if (!json.ok) return json;
  const type = json.value.type as string;
  const validate = Object.hasOwn(serverValidators, type)
    ? serverValidators[type as ServerMessage['type']]
    : undefined;
  return validate ? validate(json.value) : fail(`unknown type ${type}`);
}

/** Validates `signal.data` from another peer: exactly one description or one candidate. */
export function parseSignalData(data: unknown): Parsed<SignalData> {
  if (!isObject(data)) return fail('not an object');
  const hasDescription = data.description !== undefined;
  const hasCandidate = data.candidate !== undefined;
  if (hasDescription === hasCandidate) return fail('needs exactly one of description, candidate');
  if (hasDescription) {
    const d = data.description;
    if (!isObject(d)) return fail('description');
    if (d.type !== 'offer' && d.type !== 'answer' && d.type !== 'rollback') return fail('description.type');
    // A rollback carries no SDP; tolerate it missing there, require it elsewhere.
    const sdp = d.sdp === undefined && d.type === 'rollback' ? '' : d.sdp;
    if (typeof sdp !== 'string') return fail('description.sdp');
    return { ok: true, value: { description: { type: d.type, sdp } } };
  }
  const c = data.candidate;
  if (c === null) return { ok: true, value: { candidate: null } };
  if (!isObject(c) || typeof c.candidate !== 'string') return fail('candidate');
  const init: RTCIceCandidateInit = { candidate: c.candidate };
  if (c.sdpMid !== undefined) {
    if (c.sdpMid !== null && typeof c.sdpMid !== 'string') return fail('candidate.sdpMid');
    init.sdpMid = c.sdpMid;
  }
  if (c.sdpMLineIndex !== undefined) {
    if (c.sdpMLineIndex !== null && !(isInt(c.sdpMLineIndex) && c.sdpMLineIndex >= 0)) {
      return fail('candidate.sdpMLineIndex');
    }
    init.sdpMLineIndex = c.sdpMLineIndex;
  }
  if (c.usernameFragment !== undefined) {
    if (c.usernameFragment !== null && typeof c.usernameFragment !== 'string') {
      return fail('candidate.usernameFragment');
    }
    init.usernameFragment = c.usernameFragment;
  }
  return { ok: true, value: { candidate: init } };
}

// ---- Control channel validation --------------------------------------------------------------

export function isChatId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CHAT_ID_CHARS;
}

export function isChatText(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  // Cheap bound first: more UTF-16 units than 2× the limit cannot be within the limit.
  return value.length <= 2 * MAX_CHAT_CODE_POINTS && codePointLength(value) <= MAX_CHAT_CODE_POINTS;
}

/** Validates one control-channel message; binary data is not part of the control protocol. */
export function parseChannelMessage(raw: unknown): Parsed<ChannelMessage> {
  if (typeof raw !== 'string') return fail('binary message on the control channel');
  // Every UTF-16 unit is at least one UTF-8 byte, so the length is a free lower bound.
  if (raw.length > MAX_CHANNEL_MESSAGE_BYTES || utf8Length(raw) > MAX_CHANNEL_MESSAGE_BYTES) {
    return fail('larger than 16 KiB');
  }
  const json = parseJsonObject(raw);
  if (!json.ok) return json;
  const m = json.value;
  switch (m.type) {
    case 'hello': {
      if (m.v !== PROTOCOL_VERSION) return fail('hello.v');
      if (typeof m.name !== 'string') return fail('hello.name');
      return { ok: true, value: { type: 'hello', v: PROTOCOL_VERSION, name: m.name } };
    }
    case 'chat': {
      if (!isChatId(m.id)) return fail('chat.id');
      if (!isChatText(m.text)) return fail('chat.text');
      if (typeof m.ts !== 'number' || !Number.isFinite(m.ts) || m.ts < 0) return fail('chat.ts');
      return { ok: true, value: { type: 'chat', id: m.id, text: m.text, ts: m.ts } };
    }
    default:
      return fail(`unknown type ${String(m.type)}`);
  }
}

/** Serializes a control-channel message, or returns null when it would exceed 16 KiB. */
export function encodeChannelMessage(message: ChannelMessage): string | null {
  const text = JSON.stringify(message);
  return utf8Length(text) <= MAX_CHANNEL_MESSAGE_BYTES ? text : null;
}
