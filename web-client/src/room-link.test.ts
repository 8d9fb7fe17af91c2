import { describe, expect, it } from 'vitest';
import { parseRoomKey, roomSecrets } from './protocol/trust';
import { joinTarget, newRoomLink, openRoomLink, roomFromInput, roomIdFromPath, roomKeyFromHash, roomUrl, shortRoomId, signalingUrl } from './room-link';
import { ROOM } from './test-fixtures';

const KEY = 'AAECAwQFBgcICQoLDA0ODw';

describe('room links', () => {
  it('the room id is the last path segment', () => {
    expect(roomIdFromPath(`/r/${ROOM}`)).toBe(ROOM);
    expect(roomIdFromPath(`/r/${ROOM}/`)).toBe(ROOM);
    expect(roomIdFromPath('/r/short')).toBeNull();
    expect(roomIdFromPath('/')).toBeNull();
    expect(roomIdFromPath('/r/%E0%A4%A')).toBeNull();
  });

  it('the key is the fragment, when it is a key', () => {
    expect(roomKeyFromHash(`#${KEY}`)).toBe(KEY);
    expect(roomKeyFromHash('')).toBeNull();
    expect(roomKeyFromHash('#')).toBeNull();
    expect(roomKeyFromHash(`#${KEY.slice(1)}`)).toBeNull();
    expect(roomKeyFromHash('#<script>alert(1)</script>')).toBeNull();
  });

  it('a new room link carries a fresh key and the room id derived from it', () => {
    const link = new URL(newRoomLink('https://hub.example'));
    const key = link.hash.slice(1);
    expect(link.pathname).toBe(`/r/${roomSecrets(parseRoomKey(key)!).roomId}`);
    expect(new URL(newRoomLink('https://hub.example')).hash).not.toBe(link.hash);
  });

  it('the signaling socket is same-origin /ws, secure when the page is', () => {
    expect(signalingUrl({ protocol: 'https:', host: 'hub.example:8443' })).toBe('wss://hub.example:8443/ws');
    expect(signalingUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/ws');
  });

  it('pasted links, paths and id#key all give the room and its key', () => {
    expect(roomFromInput(`  https://hub.example/r/${ROOM}#${KEY}  `)).toEqual({ roomId: ROOM, key: KEY });
    expect(roomFromInput(`https://hub.example/r/${ROOM}?x=1#${KEY}`)).toEqual({ roomId: ROOM, key: KEY });
    expect(roomFromInput(`hub.example/r/${ROOM}#${KEY}`)).toEqual({ roomId: ROOM, key: KEY });
    expect(roomFromInput(`/r/${ROOM}#${KEY}`)).toEqual({ roomId: ROOM, key: KEY });
    expect(roomFromInput(`${ROOM}#${KEY}`)).toEqual({ roomId: ROOM, key: KEY });
    expect(roomFromInput(`https://hub.example/r/${ROOM}`)).toEqual({ roomId: ROOM, key: null });
    expect(roomFromInput('https://hub.example/')).toBeNull();
    expect(roomFromInput(`https://hub.example/x/${ROOM}`)).toBeNull();
    expect(roomFromInput('')).toBeNull();
  });

  it('joining a pasted link goes to that server with its key; a link without its key goes nowhere', () => {
    expect(joinTarget(`https://hub.example/r/${ROOM}#${KEY}`, 'http://localhost:8080')).toEqual({ ok: true, url: `https://hub.example/r/${ROOM}#${KEY}` });
    expect(joinTarget(`${ROOM}#${KEY}`, 'http://localhost:8080')).toEqual({ ok: true, url: `http://localhost:8080/r/${ROOM}#${KEY}` });
    expect(joinTarget(`https://hub.example/r/${ROOM}`, 'http://localhost:8080')).toEqual({ ok: false, reason: 'no-key' });
    expect(joinTarget('javascript:alert(1)', 'http://localhost:8080')).toEqual({ ok: false, reason: 'not-a-link' });
  });

  it('builds the whole shareable link and a short id for headings', () => {
    expect(roomUrl('https://hub.example', ROOM, KEY)).toBe(`https://hub.example/r/${ROOM}#${KEY}`);
    expect(shortRoomId(ROOM)).toBe('o86ffQ');
  });

  it('/new makes a room in the page and puts its whole link in the address bar', () => {
    const replaced: string[] = [];
    const history = { replaceState: (_d: unknown, _u: string, url: string) => void replaced.push(url) };
    const opened = openRoomLink({ origin: 'https://hub.example', pathname: '/new', hash: '' }, history);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(roomSecrets(parseRoomKey(opened.key)!).roomId).toBe(opened.roomId);
    expect(replaced).toEqual([`https://hub.example/r/${opened.roomId}#${opened.key}`]);
  });

  it('a link opens its room only with its key; without one it is incomplete', () => {
    const history = { replaceState: () => undefined };
    expect(openRoomLink({ origin: 'https://h', pathname: `/r/${ROOM}`, hash: `#${KEY}` }, history)).toEqual({
      ok: true,
      roomId: ROOM,
      key: KEY,
    });
    expect(openRoomLink({ origin: 'https://h', pathname: `/r/${ROOM}`, hash: '' }, history)).toEqual({ ok: false, reason: 'no-key' });
    expect(openRoomLink({ origin: 'https://h', pathname: `/r/${ROOM}`, hash: '#' }, history)).toEqual({ ok: false, reason: 'no-key' });
    expect(openRoomLink({ origin: 'https://h', pathname: '/r/team-meeting', hash: `#${KEY}` }, history)).toEqual({
      ok: false,
      reason: 'not-a-link',
    });
  });
});
