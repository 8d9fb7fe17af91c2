/**
 * The mesh's half of the control channel: `hello`, and with it verifying a peer
 * (docs/protocol.md "Verifying a peer"). When a peer's control channel opens we send a hello
 * that proves, bound to this very connection, that we hold the room key and our device key;
 * the peer's hello is checked against our own view of the connection. Until a peer is verified
 * the mesh lets nothing but `hello` through to or from it; a bad hello, or none within
 * {@link HELLO_TIMEOUT_MS}, makes it "not verified" and the mesh cuts it off.
 *
 * Two facts are kept apart on purpose. `hears(peer)` (its valid hello arrived) opens the way in:
 * a peer sends its hello first on an ordered channel, so everything after it is covered. The
 * signature is checked asynchronously (native Ed25519 where the browser has it); meanwhile
 * `checking(peer)` is true and the mesh holds what the peer sends, releasing it on `heard`.
 * `verified(peer)` also needs our own hello to be out, because signing is asynchronous: a chat
 * sent before our hello would reach a peer that has not verified us and be dropped there.
 */
import type { ControlPeer, ControlRoutes } from './control-router';
import type { DeviceIdentity } from './device-identity';
import { Emitter } from './emitter';
import { realTimers, type Timers } from './timers';

// Timers lived here before they were shared; importers of this module still find them.
export type { Timers } from './timers';
import { encodeChannelMessage, PEER_PROTOCOL_VERSION, type HelloMessage } from './protocol';
import {
  deviceIdOf,
  fromBase64Url,
  helloBinding,
  helloProof,
  helloProofMatches,
  toBase64Url,
  verifyDeviceSignatureNative,
} from './protocol/trust';

/** How long a peer has, from its control channel opening, to prove itself (docs/protocol.md). */
export const HELLO_TIMEOUT_MS = 10_000;

export type Trust = 'verifying' | 'verified' | 'not-verified';

/**
 * What this page proves with: the room (id and verification key) and its device key. The key
 * may still be loading from IndexedDB: the page does not wait for it to draw itself or to join,
 * only each hello waits for it.
 */
export interface HelloCredentials {
  roomId: string;
  verifyKey: Uint8Array;
  identity: HelloIdentity | Promise<HelloIdentity>;
}

export type HelloIdentity = Pick<DeviceIdentity, 'publicKey' | 'deviceId' | 'sign'>;

/** This side's view of one connection: both peer ids and both SDPs' DTLS fingerprints. */
export interface ConnectionFacts {
  selfId: string;
  localFingerprint: string | null;
  remoteFingerprint: string | null;
}

/** A peer that proved itself: its device key and the device id that key names. */
export interface VerifiedDevice {
  key: Uint8Array;
  device: string;
}

export type GreeterEvents = {
  /** Its hello was checked and is good: what it sent meanwhile may be delivered. */
  heard: [peerId: string];
  /** The peer proved itself and our hello to it is out: it may be talked to. */
  verified: [peerId: string, device: VerifiedDevice];
  /** The peer's hello failed, or none came in time. */
  refused: [peerId: string, reason: string];
};


interface PeerCheck {
  outcome: Trust;
  said: boolean;
  /** Its hello arrived and is being checked. */
  checking: boolean;
  heard: VerifiedDevice | null;
  timer: unknown;
}

/** Checks one device signature; the page's default is native Ed25519 with the library behind it. */
export type SignatureCheck = (key: Uint8Array, data: Uint8Array, signature: Uint8Array) => Promise<boolean>;

export class Greeter extends Emitter<GreeterEvents> {
  private readonly checks = new Map<string, PeerCheck>();

  constructor(
    routes: ControlRoutes,
    /** Sends on the control channel past the mesh's gate: the hello is what opens it. */
    private readonly send: (peerId: string, text: string) => boolean,
    private readonly greeting: () => { name: string },
    private readonly credentials: HelloCredentials,
    private readonly connection: (peerId: string) => ConnectionFacts | null,
    private readonly timers: Timers = realTimers,
    private readonly verifySignature: SignatureCheck = (key, data, sig) => verifyDeviceSignatureNative(key, data, sig),
  ) {
    super();
    routes.on('hello', (from, hello) => this.received(from, hello));
  }

  trust(peerId: string): Trust {
    return this.checks.get(peerId)?.outcome ?? 'verifying';
  }

  /** Its valid hello arrived: what it sends may be taken. */
  hears(peerId: string): boolean {
    return this.checks.get(peerId)?.heard != null && this.trust(peerId) !== 'not-verified';
  }

  /** Its hello arrived and its signature is being checked: hold what it sends. */
  checking(peerId: string): boolean {
    const check = this.checks.get(peerId);
    return check?.checking === true && check.outcome === 'verifying';
  }

  /** Verified both ways that matter here: it proved itself, and our proof went out first. */
  verified(peerId: string): boolean {
    return this.trust(peerId) === 'verified';
  }

  /** The control channel to `peerId` just opened: the clock starts, our hello goes out. */
  opened(peerId: string): void {
    const check = this.checkOf(peerId);
    if (check.timer === null && check.outcome === 'verifying') {
      check.timer = this.timers.setTimeout(() => {
        if (!check.heard) this.refuse(peerId, `no valid hello within ${HELLO_TIMEOUT_MS / 1000} s`);
      }, HELLO_TIMEOUT_MS);
    }
    void this.sayHello(peerId, check).catch((err: unknown) => {
      // Without our hello the peer cuts us off after its timeout; nothing else to do here.
      console.warn(`peerhub: hello to ${peerId} could not be made`, err);
    });
  }

  /** The peer is gone (left, or its connection is rebuilt): its next connection starts over. */
  forget(peerId: string): void {
    const check = this.checks.get(peerId);
    if (check?.timer != null) this.timers.clearTimeout(check.timer);
    this.checks.delete(peerId);
  }

  private checkOf(peerId: string): PeerCheck {
    let check = this.checks.get(peerId);
    if (!check) {
      check = { outcome: 'verifying', said: false, checking: false, heard: null, timer: null };
      this.checks.set(peerId, check);
    }
    return check;
  }

  private async sayHello(peerId: string, check: PeerCheck): Promise<void> {
    const facts = this.connection(peerId);
    if (!facts?.localFingerprint || !facts.remoteFingerprint) throw new Error('the connection has no fingerprints');
    const { roomId, verifyKey } = this.credentials;
    const identity = await this.credentials.identity;
    // Sender's binding: my fingerprint (local description) first, theirs (remote) second.
    const binding = helloBinding(roomId, facts.selfId, peerId, facts.localFingerprint, facts.remoteFingerprint, identity.publicKey);
    const sig = await identity.sign(binding);
    if (this.checks.get(peerId) !== check || check.outcome === 'not-verified') return;
    const hello: HelloMessage = {
      type: 'hello',
      v: PEER_PROTOCOL_VERSION,
      name: this.greeting().name,
      device: identity.deviceId,
      key: toBase64Url(identity.publicKey),
      sig: toBase64Url(sig),
      proof: toBase64Url(helloProof(verifyKey, binding)),
    };
    const text = encodeChannelMessage(hello);
    if (!text || !this.send(peerId, text)) throw new Error('the control channel took no hello');
    check.said = true;
    this.settle(peerId, check);
  }

  private received(from: ControlPeer, hello: HelloMessage): void {
    const check = this.checkOf(from.id);
    if (check.outcome !== 'verifying' || check.heard || check.checking) return; // one proof per connection
    const claim = this.claim(from.id, hello);
    if ('reason' in claim) {
      this.refuse(from.id, claim.reason);
      return;
    }
    check.checking = true;
    void this.verifySignature(claim.key, claim.binding, claim.sig).then(
      (good) => this.checked(from.id, check, good ? { key: claim.key, device: deviceIdOf(claim.key) } : null),
      () => this.checked(from.id, check, null),
    );
  }

  private checked(peerId: string, check: PeerCheck, device: VerifiedDevice | null): void {
    check.checking = false;
    // The peer left, or its connection was rebuilt, while the signature was checked.
    if (this.checks.get(peerId) !== check || check.outcome !== 'verifying') return;
    if (!device) {
      this.refuse(peerId, 'its device signature is wrong');
      return;
    }
    check.heard = device;
    this.emit('heard', peerId);
    this.settle(peerId, check);
  }

  /** The synchronous half: fields present and the room proof matching this connection. */
  private claim(peerId: string, hello: HelloMessage): { key: Uint8Array; binding: Uint8Array; sig: Uint8Array } | { reason: string } {
    if (!hello.key || !hello.sig || !hello.proof) return { reason: 'its hello has no proof' };
    const facts = this.connection(peerId);
    if (!facts?.localFingerprint || !facts.remoteFingerprint) return { reason: 'the connection has no fingerprints' };
    const key = fromBase64Url(hello.key)!;
    // Receiver's binding, from its own view: the sender's fingerprint is in our remote description.
    const binding = helloBinding(this.credentials.roomId, peerId, facts.selfId, facts.remoteFingerprint, facts.localFingerprint, key);
    if (!helloProofMatches(this.credentials.verifyKey, binding, fromBase64Url(hello.proof)!)) {
      return { reason: 'its room proof does not match this connection' };
    }
    return { key, binding, sig: fromBase64Url(hello.sig)! };
  }

  private settle(peerId: string, check: PeerCheck): void {
    if (!check.said || !check.heard || check.outcome !== 'verifying') return;
    check.outcome = 'verified';
    if (check.timer != null) this.timers.clearTimeout(check.timer);
    check.timer = null;
    this.emit('verified', peerId, check.heard);
  }

  private refuse(peerId: string, reason: string): void {
    const check = this.checkOf(peerId);
    if (check.outcome !== 'verifying') return;
    check.outcome = 'not-verified';
    check.heard = null;
    check.checking = false;
    if (check.timer != null) this.timers.clearTimeout(check.timer);
    check.timer = null;
    console.warn(`peerhub: ${peerId} is not verified (${reason}); its connection is closed`);
    this.emit('refused', peerId, reason);
  }
}
