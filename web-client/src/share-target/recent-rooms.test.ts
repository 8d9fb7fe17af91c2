import { describe, expect, it } from 'vitest';
import { newRoomLink, roomFromInput } from '../room-link';
import { MAX_RECENT_ROOMS, RECENT_ROOMS_KEY, RecentRooms } from './recent-rooms';

const origin = 'https://hub.example';
const links = Array.from({ length: MAX_RECENT_ROOMS + 3 }, () => newRoomLink(origin));
const link = (n: number) => links[n]!;
const id = (n: number) => roomFromInput(links[n]!)!.roomId;
const KEY = link(0).split('#')[1]!;

function memory(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('RecentRooms', () => {
  it('lists the rooms newest first with the people last seen there', () => {
    const rooms = new RecentRooms(memory(), origin);
    rooms.visited(id(1), link(1), 1000);
    rooms.visited(id(2), link(2), 2000);
    rooms.saw(id(1), 'Alice');
    rooms.saw(id(1), 'Bob');
    rooms.saw(id(1), 'Alice');
    expect(rooms.list().map((r) => [r.roomId, r.peers])).toEqual([[id(2), []], [id(1), ['Alice', 'Bob']]]);
    rooms.saw(id(1), 'Robert', 'Bob');
    expect(rooms.list()[1]!.peers).toEqual(['Robert', 'Alice']);
  });

  it('a visit again moves the room first and keeps its people', () => {
    const rooms = new RecentRooms(memory(), origin);
    rooms.visited(id(1), link(1), 1000);
    rooms.saw(id(1), 'Carol');
    rooms.visited(id(2), link(2), 2000);
    rooms.visited(id(1), link(1), 3000);
    expect(rooms.list()[0]).toEqual({ roomId: id(1), link: link(1), visited: 3000, peers: ['Carol'] });
  });

  it('keeps a handful, and forgets a room on request', () => {
    const rooms = new RecentRooms(memory(), origin);
    for (let n = 0; n < MAX_RECENT_ROOMS + 3; n++) rooms.visited(id(n), link(n), n);
    expect(rooms.list()).toHaveLength(MAX_RECENT_ROOMS);
    rooms.forget(id(MAX_RECENT_ROOMS + 2));
    expect(rooms.list().map((r) => r.roomId)).not.toContain(id(MAX_RECENT_ROOMS + 2));
  });

  it('skips what is not a whole link of this server: no key, another origin, a room id that does not match, junk', () => {
    const store = memory();
    store.data.set(RECENT_ROOMS_KEY, JSON.stringify([
      { roomId: id(1), link: `${origin}/r/${id(1)}`, visited: 1, peers: [] },
      { roomId: id(2), link: `https://evil.example/r/${id(2)}#${KEY}`, visited: 2, peers: [] },
      { roomId: id(3), link: link(4), visited: 3, peers: [] },
      { roomId: id(5), link: link(5), visited: 'yesterday', peers: [] },
      'junk',
      { roomId: id(6), link: link(6), visited: 6, peers: ['Dan', 42, 'x'.repeat(65)] },
    ]));
    expect(new RecentRooms(store, origin).list()).toEqual([{ roomId: id(6), link: link(6), visited: 6, peers: ['Dan'] }]);
    store.data.set(RECENT_ROOMS_KEY, '{not json');
    expect(new RecentRooms(store, origin).list()).toEqual([]);
  });

  it('works without storage (a private window that refuses it)', () => {
    const rooms = new RecentRooms(null, origin);
    rooms.visited(id(1), link(1));
    expect(rooms.list()).toEqual([]);
  });
});
