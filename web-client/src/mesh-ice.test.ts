import { describe, expect, it } from 'vitest';
import { loadIdentity, type KeyVault, type StoredKey } from './device-identity';
import { Mesh, type LinkFactory, type MeshLink } from './mesh';
import type { IceServer, WelcomeMessage } from './protocol';
import { parseRoomKey, roomSecrets } from './protocol/trust';
import { ALICE, BOB, CAROL, TOKEN } from './test-fixtures';

/** A link that only records the ICE servers it was made with and those it was given since. */
class IceRecorder {
  readonly given: IceServer[][] = [];
  state = 'connected' as const;
  maxMessageSize = 65536;
  localFingerprint = null;
  remoteFingerprint = null;
  constructor(readonly peer: string, readonly madeWith: IceServer[]) {}
  useIceServers(servers: IceServer[]) {
    this.given.push(servers);
  }
  handleSignal() {}
  restartIce() {
    return true;
  }
  close() {}
  send() {
    return false;
  }
  openChannel() {
    return null;
  }
}

class NoVault implements KeyVault {
  stored: StoredKey | undefined;
  async get() {
    return this.stored;
  }
  async put(key: StoredKey) {
    this.stored = key;
  }
}

const turn = (user: string): IceServer[] => [
  { urls: ['stun:stun.example.org:3478'] },
  { urls: ['turn:turn.example.org:3478'], username: `${user}:${ALICE}`, credential: `hmac-of-${user}` },
];

function welcome(iceServers: IceServer[], peers: string[], resumed: boolean): WelcomeMessage {
  return {
    type: 'welcome', v: 2, self: { id: ALICE, name: 'Alice', kind: 'browser' }, resume: TOKEN, iceServers,
    peers: peers.map((id) => ({ id, name: id.slice(0, 3), kind: 'browser' })), heartbeatMs: 10_000, resumed, iceTtlMs: 3_600_000,
  };
}

async function mesh() {
  const secrets = roomSecrets(parseRoomKey('AAECAwQFBgcICQoLDA0ODw')!);
  const identity = await loadIdentity(new NoVault(), null);
  const links = new Map<string, IceRecorder>();
  const factory: LinkFactory = (_self, peer, ice) => {
    const link = new IceRecorder(peer, ice);
    links.set(peer, link);
    return link as unknown as MeshLink;
  };
  const m = new Mesh(() => undefined, () => ({ name: 'Alice' }), { roomId: secrets.roomId, verifyKey: secrets.verifyKey, identity }, factory);
  return { m, links };
}

describe('ICE servers in the mesh', () => {
  it('the welcome’s servers make the links; renewed ones reach every live link and every later one', async () => {
    const { m, links } = await mesh();
    m.applyWelcome(welcome(turn('1700003600'), [BOB], false), false);
    expect(links.get(BOB)!.madeWith).toEqual(turn('1700003600'));

    m.updateIceServers(turn('1700006480'));
    expect(links.get(BOB)!.given.at(-1)).toEqual(turn('1700006480'));

    m.addPeer({ id: CAROL, name: 'Carol', kind: 'browser' });
    expect(links.get(CAROL)!.madeWith).toEqual(turn('1700006480'));
  });

  it('a resume’s welcome hands its fresh credentials to the links that stay up', async () => {
    const { m, links } = await mesh();
    m.applyWelcome(welcome(turn('1700003600'), [BOB], false), false);
    const bob = links.get(BOB)!;
    m.applyWelcome(welcome(turn('1700009999'), [BOB], true), false);

    expect(links.get(BOB)).toBe(bob); // the same connection, not rebuilt
    expect(bob.given.at(-1)).toEqual(turn('1700009999'));
  });
});
