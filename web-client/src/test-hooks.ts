/**
 * The only hooks end-to-end tests and benchmarks read. Both are harmless in production:
 * a performance mark (visible in DevTools' performance panel) and a data attribute on <body>.
 * Nothing else is exposed globally.
 *
 * - performance.mark('peerhub:channel-open', { detail: { peer } }) — the first time the control
 *   channel to each peer opens (lets a benchmark measure join-to-channel time).
 * - document.body.dataset.signaling = 'connecting' | 'connected' | 'reconnecting'.
 */
import type { SignalingState } from './signaling';

export const CHANNEL_OPEN_MARK = 'peerhub:channel-open';

const marked = new Set<string>();

export function markChannelOpen(peerId: string): void {
  if (marked.has(peerId)) return;
  marked.add(peerId);
  performance.mark(CHANNEL_OPEN_MARK, { detail: { peer: peerId } });
}

export function setSignalingState(state: SignalingState): void {
  document.body.dataset.signaling = state;
}
