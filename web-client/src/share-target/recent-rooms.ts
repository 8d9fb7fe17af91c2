/**
 * The rooms this browser was in lately, newest first, with the names of the people last seen
 * there: what the share target's chooser offers when something is shared to Peerhub from the
 * system. Kept in localStorage on this device only, as the whole link (its key included: a room
 * cannot be entered without it), and forgotten on request.
 */
import { joinTarget } from '../room-link';

export interface RecentRoom {
  roomId: string;
  /** The whole link, key included. */
  link: string;
  /** When this browser was last in it (ms since the epoch). */
  visited: number;
  /** Names of the people last seen there, most recent first. */
  peers: string[];
}

export const RECENT_ROOMS_KEY = 'peerhub.recent-rooms';
/** A chooser, not a history: a handful is what people pick from. */
export const MAX_RECENT_ROOMS = 8;
const MAX_PEERS = 6;
const MAX_NAME_CHARS = 64;

type Store = Pick<Storage, 'getItem' | 'setItem'>;

export class RecentRooms {
  constructor(
    private readonly storage: Store | null,
    private readonly origin: string,
  ) {}

  /** The rooms, newest first; anything in storage that is not a whole room link of this server is skipped. */
  list(): RecentRoom[] {
    let raw: unknown;
    try {
      raw = JSON.parse(this.storage?.getItem(RECENT_ROOMS_KEY) ?? '[]');
    } catch {
      return [];
    }
    if (!Array.isArray(raw)) return [];
    const rooms: RecentRoom[] = [];
    for (const item of raw) {
      const room = this.checked(item);
      if (room && !rooms.some((r) => r.roomId === room.roomId)) rooms.push(room);
    }
    return rooms.sort((a, b) => b.visited - a.visited).slice(0, MAX_RECENT_ROOMS);
  }

  /** This browser is in the room now. */
  visited(roomId: string, link: string, now = Date.now()): void {
    const before = this.list().find((r) => r.roomId === roomId);
    this.save([{ roomId, link, visited: now, peers: before?.peers ?? [] }, ...this.list().filter((r) => r.roomId !== roomId)]);
  }

  /**
   * {@code name} was seen in the room: it goes first in the room's list of people, in place of
   * {@code replacing} (the name the same person had before a rename).
   */
  saw(roomId: string, name: string, replacing?: string): void {
    const rooms = this.list();
    const room = rooms.find((r) => r.roomId === roomId);
    if (!room || (room.peers[0] === name && replacing === undefined)) return;
    room.peers = [name, ...room.peers.filter((p) => p !== name && p !== replacing)].slice(0, MAX_PEERS);
    this.save(rooms);
  }

  forget(roomId: string): void {
    this.save(this.list().filter((r) => r.roomId !== roomId));
  }

  private save(rooms: RecentRoom[]): void {
    try {
      this.storage?.setItem(RECENT_ROOMS_KEY, JSON.stringify(rooms.slice(0, MAX_RECENT_ROOMS)));
    } catch {
      // Storage full or refused (a private window): the chooser just has less to offer.
    }
  }

  private checked(item: unknown): RecentRoom | null {
    if (typeof item !== 'object' || item === null) return null;
    const { roomId, link, visited, peers } = item as Record<string, unknown>;
    if (typeof roomId !== 'string' || typeof link !== 'string' || typeof visited !== 'number' || !Number.isFinite(visited)) return null;
    const target = joinTarget(link, this.origin);
    // Only this server's rooms: the chooser navigates to the link, and another origin's page
    // would not see the shared files (they are kept by this origin).
    if (!target.ok || new URL(target.url).origin !== this.origin || !target.url.includes(`/r/${roomId}#`)) return null;
    const names = Array.isArray(peers)
      ? peers.filter((p): p is string => typeof p === 'string' && p.length > 0 && p.length <= MAX_NAME_CHARS).slice(0, MAX_PEERS)
      : [];
    return { roomId, link: target.url, visited, peers: names };
  }
}
