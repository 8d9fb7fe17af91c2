/**
 * Room links (server contract): the room page is `/r/{roomId}` and the room id is the last
 * path segment; the signaling socket is same-origin `/ws`.
 */
import { isRoomId } from './protocol';

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

export function roomUrl(origin: string, roomId: string): string {
  return `${origin}/r/${roomId}`;
}

export function signalingUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

/**
 * Accepts what people paste: a full room link (from any host: the id is what matters), a
 * path like `/r/abc…`, or a bare room id. Returns the room id or null.
 */
export function roomIdFromInput(input: string): string | null {
  const text = input.trim();
  if (text.length === 0) return null;
  if (isRoomId(text)) return text;
  let path = text;
  try {
    path = new URL(text).pathname;
  } catch {
    // Not an absolute URL; treat it as a path.
  }
  const segments = path.split(/[?#]/)[0]!.split('/').filter((s) => s.length > 0);
  if (segments.length < 2 || segments.at(-2) !== 'r') return null;
  return roomIdFromPath(path.split(/[?#]/)[0]!);
}

/** Short form of a room id for headings; the full id stays in the link. */
export function shortRoomId(roomId: string): string {
  return roomId.slice(0, 6);
}

/**
 * Where "join" should go for what was pasted: the room on the server the link names (a link
 * from another Peerhub server stays on that server), or on this server for a bare id or path.
 */
export function joinTarget(input: string, currentOrigin: string): string | null {
  const roomId = roomIdFromInput(input);
  if (!roomId) return null;
  let origin = currentOrigin;
  try {
    const pasted = new URL(input.trim());
    if (pasted.protocol === 'https:' || pasted.protocol === 'http:') origin = pasted.origin;
  } catch {
    // A bare id or a path: stay here.
  }
  return roomUrl(origin, roomId);
}
