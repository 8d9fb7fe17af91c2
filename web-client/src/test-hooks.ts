/**
 * The only hooks end-to-end tests and benchmarks read. Both are harmless in production:
 * a performance mark (visible in DevTools' performance panel) and a data attribute on <body>.
 * Nothing else is exposed globally.
 *
 * - performance.mark('peerhub:channel-open', { detail: { peer } }) — the first time the control
 *   channel to each peer opens (lets a benchmark measure join-to-channel time).
 * - performance.mark('peerhub:peer-verified', { detail: { peer } }) — the first time each peer is
 *   verified (docs/protocol.md "Verifying a peer"); minus the channel-open mark, what
 *   verification costs a join.
 * - document.body.dataset.signaling = 'connecting' | 'connected' | 'reconnecting'.
 */
import type { SignalingState } from './signaling';

export const CHANNEL_OPEN_MARK = 'peerhub:channel-open';

export const PEER_VERIFIED_MARK = 'peerhub:peer-verified';

const marked = new Set<string>();

function markOnce(mark: string, peerId: string): void {
  if (marked.has(`${mark} ${peerId}`)) return;
  marked.add(`${mark} ${peerId}`);
  performance.mark(mark, { detail: { peer: peerId } });
}

export function markChannelOpen(peerId: string): void {
  markOnce(CHANNEL_OPEN_MARK, peerId);
}

export function markPeerVerified(peerId: string): void {
  markOnce(PEER_VERIFIED_MARK, peerId);
}

export function setSignalingState(state: SignalingState): void {
  document.body.dataset.signaling = state;
}
