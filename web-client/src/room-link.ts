/**
 * Room links (docs/protocol.md "The room key"): `/r/<room id>#<room key>`. The key lives in the
 * fragment, which browsers never send to a server; the room id is derived from it, so a link is
 * whole only when the two belong together (the server is the judge: it checks the proof).
 * The signaling socket is same-origin `/ws`.
 */
import { isRoomId } from './protocol/signaling';
import { newRoomKey, parseRoomKey, roomSecrets } from './protocol/room-key';

export function roomIdFromPath(pathname: string): string | null {
  const segments = pathname.split('/').filter((s) => s.length > 0);
  const last = segments.at(-1);
  if (last === undefined) return null;
  let id: string;
  try {
    id = decodeURIComponent(last);
  } catch {
    return null;
  }
  return isRoomId(id) ? id : null;
}

/** The key from a location's `hash` (`#…`), or null when there is none or it is not a key. */
export function roomKeyFromHash(hash: string): string | null {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  return parseRoomKey(text) ? text : null;
}

/** The whole link: what `Copy link`, the QR code and every invitation carry. */
export function roomUrl(origin: string, roomId: string, key: string): string {
  return `${origin}/r/${roomId}#${key}`;
}

/** A new room: a fresh key, and the room id it names. Made here, so no server ever sees the key. */
export function newRoomLink(origin: string): string {
  const key = newRoomKey();
  return roomUrl(origin, roomSecrets(parseRoomKey(key)!).roomId, key);
}

export type OpenedRoom = { ok: true; roomId: string; key: string } | { ok: false; reason: 'not-a-link' | 'no-key' };

/**
 * The room this page is for. `/new` makes a room here and puts its whole link in the address bar
 * (replacing `/new`, so Back does not make another). A link without its key opens nothing: its
 * peers are not for whoever only saw the room id. Whether the key fits the id is the server's to
 * judge (`bad-proof`), so a damaged link says so in the server's words.
 */
export function openRoomLink(
  location: { origin: string; pathname: string; hash: string },
  history: { replaceState(data: unknown, unused: string, url: string): void },
): OpenedRoom {
  if (location.pathname === '/new') {
    const key = newRoomKey();
    const roomId = roomSecrets(parseRoomKey(key)!).roomId;
    history.replaceState(null, '', roomUrl(location.origin, roomId, key));
    return { ok: true, roomId, key };
  }
  const roomId = roomIdFromPath(location.pathname);
  if (!roomId) return { ok: false, reason: 'not-a-link' };
  const key = roomKeyFromHash(location.hash);
  return key ? { ok: true, roomId, key } : { ok: false, reason: 'no-key' };
}

export function signalingUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

export type PastedRoom = { roomId: string; key: string | null };

/**
 * Accepts what people paste: a full room link (from any host: the id and key are what matter),
 * a path like `/r/abc…#key`, or `id#key`. Returns the room id and the key if the link has one.
 */
export function roomFromInput(input: string): PastedRoom | null {
  const text = input.trim();
  if (text.length === 0) return null;
  const hashAt = text.indexOf('#');
  const beforeHash = hashAt < 0 ? text : text.slice(0, hashAt);
  const key = hashAt < 0 ? null : roomKeyFromHash(text.slice(hashAt));
  if (isRoomId(beforeHash)) return { roomId: beforeHash, key };
  let path = beforeHash;
  try {
    path = new URL(beforeHash).pathname;
  } catch {
    // Not an absolute URL; treat it as a path.
  }
  const segments = path.split('?')[0]!.split('/').filter((s) => s.length > 0);
  if (segments.length < 2 || segments.at(-2) !== 'r') return null;
  const roomId = roomIdFromPath(path.split('?')[0]!);
  return roomId ? { roomId, key } : null;
}

/** Short form of a room id for headings; the full id stays in the link. */
export function shortRoomId(roomId: string): string {
  return roomId.slice(0, 6);
}

export type JoinTarget = { ok: true; url: string } | { ok: false; reason: 'not-a-link' | 'no-key' };

/**
 * Where "join" should go for what was pasted: the room on the server the link names (a link
 * from another Peerhub server stays on that server), or on this server for `id#key` or a path.
 * A link without its key is refused here already: it could not open the room anyway.
 */
export function joinTarget(input: string, currentOrigin: string): JoinTarget {
  const room = roomFromInput(input);
  if (!room) return { ok: false, reason: 'not-a-link' };
  if (!room.key) return { ok: false, reason: 'no-key' };
  let origin = currentOrigin;
  try {
    const pasted = new URL(input.trim());
    if (pasted.protocol === 'https:' || pasted.protocol === 'http:') origin = pasted.origin;
  } catch {
    // A bare id or a path: stay here.
  }
  return { ok: true, url: roomUrl(origin, room.roomId, room.key) };
}
