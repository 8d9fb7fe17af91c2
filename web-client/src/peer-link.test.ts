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

  it("an avatar's accessible name is the name, then the state (and drop box)", () => {
    expect(accessibleName({ name: 'Amber Otter', state: 'connected', kind: 'browser' })).toBe('Amber Otter (connected)');
    expect(accessibleName({ name: 'Inbox', state: 'connecting', kind: 'drop' })).toBe('Inbox (connecting, drop box)');
  });
});
