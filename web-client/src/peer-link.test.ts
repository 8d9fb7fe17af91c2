import { describe, expect, it } from 'vitest';
import { linkState } from './peer-link';
import { accessibleName } from './ui/peer-avatars';

describe('what a peer connection looks like to the user', () => {
  it('is connected only once the control channel is open', () => {
    expect(linkState('connected', 'open')).toBe('connected');
    expect(linkState('connected', 'connecting')).toBe('connecting');
    expect(linkState('new', 'connecting')).toBe('connecting');
    expect(linkState('connecting', 'connecting')).toBe('connecting');
  });

  it('reports ICE drops as disconnected and dead connections as failed', () => {
    expect(linkState('disconnected', 'open')).toBe('disconnected');
    expect(linkState('failed', 'open')).toBe('failed');
    expect(linkState('closed', 'closed')).toBe('failed');
    expect(linkState('connected', 'closed')).toBe('failed');
  });

  it("an avatar's accessible name is the name, then the state and its verification in words (and drop box)", () => {
    const bob = { name: 'Bob', kind: 'browser' as const };
    expect(accessibleName({ ...bob, state: 'connected', trust: 'verified' })).toBe('Bob, connected, verified');
    expect(accessibleName({ ...bob, state: 'connected', trust: 'verifying' })).toBe('Bob, connected, verifying…');
    expect(accessibleName({ ...bob, state: 'connected', trust: 'not-verified' }))
      .toBe('Bob, not verified — this connection may be intercepted');
    expect(accessibleName({ name: 'Inbox', state: 'connecting', kind: 'drop', trust: 'verifying' })).toBe('Inbox, connecting, drop box');
    expect(accessibleName({ name: 'Inbox', state: 'connected', kind: 'drop', trust: 'verified' })).toBe('Inbox, connected, verified, drop box');
  });

  it('an avatar says when its connection is being repaired, and when that gave up', () => {
    const bob = { name: 'Bob', kind: 'browser' as const, trust: 'verifying' as const };
    expect(accessibleName({ ...bob, state: 'disconnected', repair: 'waiting' })).toBe('Bob, reconnecting…');
    expect(accessibleName({ ...bob, state: 'connecting', repair: 'rebuilding' })).toBe('Bob, reconnecting…');
    expect(accessibleName({ ...bob, state: 'failed', repair: 'gave-up' })).toBe('Bob, could not reconnect');
    expect(accessibleName({ ...bob, state: 'failed', repair: 'idle' })).toBe('Bob, failed');
    // Connected again wins over a repair still winding down: it works.
    expect(accessibleName({ ...bob, state: 'connected', repair: 'rebuilding' })).toBe('Bob, connected, verifying…');
  });

  it('an avatar says "trusted device" only for the trusted key, and names the trusted device another one imitates', () => {
    const bob = { name: 'Bob', kind: 'browser' as const, state: 'connected' as const, trust: 'verified' as const };
    const trustedBob = { deviceId: 'dddddddddddddddddddddd', name: 'Bob', autoAccept: true, trustedAt: 1 };
    expect(accessibleName(bob, { trusted: trustedBob })).toBe('Bob, connected, verified, trusted device');
    expect(accessibleName(bob, { impostorOf: trustedBob })).toBe('Bob, connected, verified, not the device you trusted as Bob');
  });
});
