import { describe, expect, it } from 'vitest';
import { joinTarget, roomIdFromInput, roomIdFromPath, roomUrl, shortRoomId, signalingUrl } from './room-link';
import { ROOM } from './test-fixtures';

describe('room links', () => {
  it('the room id is the last path segment', () => {
    expect(roomIdFromPath(`/r/${ROOM}`)).toBe(ROOM);
    expect(roomIdFromPath(`/r/${ROOM}/`)).toBe(ROOM);
    expect(roomIdFromPath('/r/short')).toBeNull();
    expect(roomIdFromPath('/')).toBeNull();
    expect(roomIdFromPath('/r/%E0%A4%A')).toBeNull();
  });

  it('the signaling socket is same-origin /ws, secure when the page is', () => {
    expect(signalingUrl({ protocol: 'https:', host: 'hub.example:8443' })).toBe('wss://hub.example:8443/ws');
    expect(signalingUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/ws');
  });

  it('pasted links, paths and bare ids all give the room id', () => {
    expect(roomIdFromInput(`  https://hub.example/r/${ROOM}  `)).toBe(ROOM);
    expect(roomIdFromInput(`https://hub.example/r/${ROOM}?x=1#y`)).toBe(ROOM);
    expect(roomIdFromInput(`hub.example/r/${ROOM}`)).toBe(ROOM);
    expect(roomIdFromInput(`/r/${ROOM}`)).toBe(ROOM);
    expect(roomIdFromInput(ROOM)).toBe(ROOM);
    expect(roomIdFromInput('https://hub.example/')).toBeNull();
    expect(roomIdFromInput(`https://hub.example/x/${ROOM}`)).toBeNull();
    expect(roomIdFromInput('')).toBeNull();
  });

  it('joining a pasted link goes to that server; a bare id stays here', () => {
    expect(joinTarget(`https://hub.example/r/${ROOM}`, 'http://localhost:8080')).toBe(`https://hub.example/r/${ROOM}`);
    expect(joinTarget(ROOM, 'http://localhost:8080')).toBe(`http://localhost:8080/r/${ROOM}`);
    expect(joinTarget('javascript:alert(1)', 'http://localhost:8080')).toBeNull();
  });

  it('builds the shareable link and a short id for headings', () => {
    expect(roomUrl('https://hub.example', ROOM)).toBe(`https://hub.example/r/${ROOM}`);
    expect(shortRoomId(ROOM)).toBe('Room_i');
  });
});
