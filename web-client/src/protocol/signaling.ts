/**
 * Signaling v2 (docs/protocol.md §1): client ⇄ server JSON over the WebSocket, and the handshake
 * data peers relay through it.
 */
import { readPolicy, type HubPolicy } from './policy';
import {
  PROTOCOL_VERSION,
  codePointLength,
  fail,
  isInt,
  isObject,
  isVisibleText,
  optionalString,
  parseJsonObject,
  trimSpaces,
  type Json,
  type Parsed,
} from './common';
import { breaksJsonLimits } from './json-limits';

/** Frames to the server over 64 KiB are refused (an SDP never needs more than ~16 KiB). */
export const MAX_MESSAGE_BYTES = 65_536;
/** Display names are shown to every peer, so they are bounded. */
export const MAX_NAME_CODE_POINTS = 64;

/** A room id is derived from the room key (128 bits of a hash, base64url), never a chosen name. */
export const ROOM_ID_LENGTH = 22;
export const ROOM_ID_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${ROOM_ID_LENGTH}}$`);
/** The admission proof a join carries (256 bits, base64url); the room id is its hash. */
export const PROOF_LENGTH = 43;
/** Peer ids are assigned by the server (128 random bits, base64url), never chosen by a client. */
export const PEER_ID_LENGTH = 22;
export const PEER_ID_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${PEER_ID_LENGTH}}$`);
/** The resume token is a 256-bit bearer secret. */
export const RESUME_TOKEN_LENGTH = 43;
export const RESUME_TOKEN_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${RESUME_TOKEN_LENGTH}}$`);
/** Longest address a client takes from `welcome.servers`: a real one is far shorter. */
export const MAX_SERVER_URL_LENGTH = 2048;
/**
 * `ice-renew`s one connection may send at once; one more each {@link ICE_RENEW_INTERVAL_MILLIS}.
 * A client renews once per 80 % of a lifetime of at least a minute, so it never comes near.
 */
export const ICE_RENEW_BURST = 3;
/** The renewal allowance refills at this interval, and a client never renews sooner than this. */
export const ICE_RENEW_INTERVAL_MILLIS = 20_000;

export const CLIENT_KINDS = ['browser', 'native', 'drop'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export const ERROR_CODES = [
  'bad-json',
  'unknown-type',
  'bad-field',
  'too-large',
  'unsupported-version',
  'bad-room',
  'bad-proof',
  'proof-throttled',
  'bad-name',
  'name-too-long',
  'room-full',
  'not-joined',
  'already-joined',
  'unknown-peer',
  'undeliverable',
  'away-full',
  'rate-limited',
  'too-many-connections',
  'too-many-joins',
  'too-many-renewals',
  'heartbeat-timeout',
  'replaced',
  'draining',
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
  proof: string;
  name: string;
  kind: ClientKind;
  resume?: string;
}
export interface RenameMessage { type: 'rename'; name: string }
export interface SignalOutMessage { type: 'signal'; to: string; data: SignalData }
export interface PingMessage { type: 'ping' }
export interface PongMessage { type: 'pong' }
export interface LeaveMessage { type: 'leave' }
/** Fresh ICE servers, please: my TURN credentials expire soon (answered by `ice-servers`). */
export interface IceRenewMessage { type: 'ice-renew' }

export type ClientMessage =
  | JoinMessage
  | RenameMessage
  | SignalOutMessage
  | PingMessage
  | PongMessage
  | LeaveMessage
  | IceRenewMessage;

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
  /** Other nodes' WebSocket URLs (optional on the wire; empty when absent): tried in turn on reconnect. */
  servers?: string[];
  /** How long, from this message, the credentials in `iceServers` stay valid; absent: they do not expire. */
  iceTtlMs?: number;
  /** The hub's policy (docs/protocol.md, "Hub policy"); absent: none. */
  policy?: HubPolicy;
}
/** The hub's policy changed; null: it has none any more. */
export interface PolicyMessage {
  type: 'policy';
  policy: HubPolicy | null;
}
/** The answer to `ice-renew`: fresh servers for new connections and the live ones. */
export interface IceServersMessage {
  type: 'ice-servers';
  iceServers: IceServer[];
  iceTtlMs?: number;
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

/** Every `type` the server sends, as the validators below dispatch them. */
export const SERVER_MESSAGE_TYPES = [
  'welcome', 'peer-joined', 'peer-left', 'peer-updated', 'signal', 'ping', 'pong', 'error', 'ice-servers', 'policy',
] as const;

export type ServerMessage =
  | WelcomeMessage
  | PeerJoinedMessage
  | PeerLeftMessage
  | PeerUpdatedMessage
  | SignalInMessage
  | PingMessage
  | PongMessage
  | ErrorMessage
  | IceServersMessage
  | PolicyMessage;

// ---- Peer handshake carried in signal.data ---------------------------------------------------

/** Largest `sdpMLineIndex` a candidate may name: an SDP has far fewer m-lines, and Java reads it as an int. */
export const MAX_MLINE_INDEX = 65_535;

export type SessionDescriptionType = 'offer' | 'answer' | 'rollback';
/**
 * `gen` names the peer connection a signal belongs to (docs/protocol.md "Handshake over
 * signaling"): 0 for the first, one more each time a side rebuilds it. What a link produces has
 * none; the mesh stamps it on the way out, and the parser fills in 0 when a peer sent none.
 */
export interface DescriptionSignal { gen?: number; description: { type: SessionDescriptionType; sdp: string } }
export interface CandidateSignal { gen?: number; candidate: RTCIceCandidateInit | null }
export type SignalData = DescriptionSignal | CandidateSignal;

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

/**
 * The display-name rule, exactly as the server applies it: trim, 1–64 code points, no invisible
 * characters. The length is judged before the characters, as the server does, so both report
 * the same code for a long name with controls in it.
 */
export function checkDisplayName(raw: string): NameCheck {
  const name = trimSpaces(raw);
  if (name.length === 0) return { ok: false, code: 'bad-name', reason: 'The name is empty.' };
  if (codePointLength(name) > MAX_NAME_CODE_POINTS) {
    return {
      ok: false,
      code: 'name-too-long',
      reason: `The name is longer than ${MAX_NAME_CODE_POINTS} characters.`,
    };
  }
  if (!isVisibleText(name)) {
    return { ok: false, code: 'bad-name', reason: 'The name holds invisible or control characters.' };
  }
  return { ok: true, name };
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

/** A policy field: absent or null is none; `false` when it breaks the policy's rules. */
function optionalPolicy(value: unknown): HubPolicy | undefined | false {
  if (value === undefined || value === null) return undefined;
  try {
    return readPolicy(value);
  } catch {
    return false;
  }
}

/** `iceTtlMs`: absent (or null), or a positive integer; `false` when it is anything else. */
function parseTtl(value: unknown): number | undefined | false {
  if (value === undefined || value === null) return undefined;
  return isInt(value) && value > 0 ? value : false;
}

/** A ws: or wss: URL of reasonable length: the only kind of address a client may be sent to. */
function isWebSocketUrl(u: unknown): boolean {
  return typeof u === 'string' && u.length <= MAX_SERVER_URL_LENGTH && /^wss?:\/\/[^\s]+$/.test(u);
}

/** One small validator per server message type, dispatched through a map. */
const serverValidators: Record<(typeof SERVER_MESSAGE_TYPES)[number], ServerValidator> = {
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
    const servers = m.servers === undefined || m.servers === null ? [] : m.servers;
    if (!Array.isArray(servers) || !servers.every(isWebSocketUrl)) return fail('welcome.servers');
    const iceTtlMs = parseTtl(m.iceTtlMs);
    if (iceTtlMs === false) return fail('welcome.iceTtlMs');
    const policy = optionalPolicy(m.policy);
    if (policy === false) return fail('welcome.policy');
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
        ...(servers.length > 0 ? { servers: servers as string[] } : {}),
        ...(iceTtlMs !== undefined ? { iceTtlMs } : {}),
        ...(policy ? { policy } : {}),
      },
    };
  },
  policy(m) {
    if (!('policy' in m)) return fail('policy.policy');
    const policy = optionalPolicy(m.policy);
    if (policy === false) return fail('policy.policy');
    return { ok: true, value: { type: 'policy', policy: policy ?? null } };
  },
  'ice-servers'(m) {
    const iceServers = parseList(m.iceServers, parseIceServer);
    if (!iceServers) return fail('ice-servers.iceServers');
    const iceTtlMs = parseTtl(m.iceTtlMs);
    if (iceTtlMs === false) return fail('ice-servers.iceTtlMs');
    return { ok: true, value: { type: 'ice-servers', iceServers, ...(iceTtlMs !== undefined ? { iceTtlMs } : {}) } };
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

/**
 * Validates one text frame from the signaling server. Its size is not bounded here: the 64 KiB
 * limit protects the server from clients, and a welcome to a big room may be larger.
 */
export function parseServerMessage(raw: string): Parsed<ServerMessage> {
  const json = parseJsonObject(raw);
  if (!json.ok) return json;
  // The server's frames have no size limit, but their JSON keeps the same limits as the client's.
  const limit = breaksJsonLimits(raw, MAX_MESSAGE_BYTES);
  if (limit) return fail(limit);
  const type = json.value.type as string;
  const validate = Object.hasOwn(serverValidators, type)
    ? serverValidators[type as ServerMessage['type']]
    : undefined;
  return validate ? validate(json.value) : fail(`unknown type ${type}`);
}

/**
 * Validates `signal.data` from another peer: exactly one description or one candidate, and the
 * connection generation it is for (absent = 0). The value read has `gen` filled in and optional
 * candidate fields that were null left out.
 */
export function parseSignalData(data: unknown): Parsed<SignalData & { gen: number }> {
  if (!isObject(data)) return fail('not an object');
  const gen = data.gen === undefined ? 0 : data.gen;
  if (!isInt(gen) || gen < 0) return fail('gen');
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
    return { ok: true, value: { gen, description: { type: d.type, sdp } } };
  }
  const c = data.candidate;
  if (c === null) return { ok: true, value: { gen, candidate: null } };
  if (!isObject(c) || typeof c.candidate !== 'string') return fail('candidate');
  const init: RTCIceCandidateInit = { candidate: c.candidate };
  if (c.sdpMid !== undefined && c.sdpMid !== null) {
    if (typeof c.sdpMid !== 'string') return fail('candidate.sdpMid');
    init.sdpMid = c.sdpMid;
  }
  if (c.sdpMLineIndex !== undefined && c.sdpMLineIndex !== null) {
    if (!(isInt(c.sdpMLineIndex) && c.sdpMLineIndex >= 0 && c.sdpMLineIndex <= MAX_MLINE_INDEX)) return fail('candidate.sdpMLineIndex');
    init.sdpMLineIndex = c.sdpMLineIndex;
  }
  if (c.usernameFragment !== undefined && c.usernameFragment !== null) {
    if (typeof c.usernameFragment !== 'string') return fail('candidate.usernameFragment');
    init.usernameFragment = c.usernameFragment;
  }
  return { ok: true, value: { gen, candidate: init } };
}
