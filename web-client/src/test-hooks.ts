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
 * - performance.mark('peerhub:boot') — the room page's small entry script starts running (it opens
 *   the signaling socket while the room code loads).
 * - performance.mark('peerhub:socket-open') — the page saw the signaling socket's open event
 *   (the early socket's, or the client's own when it connected itself).
 * - performance.mark('peerhub:room-start') — the room page's code starts running (after its
 *   scripts were fetched and parsed): a join benchmark's page-load part.
 * - performance.mark('peerhub:welcome') — the first welcome from the signaling server.
 * - performance.mark('peerhub:peer-shown', { detail: { peer } }) — the first time each peer's
 *   avatar is put on the page.
 * - performance.mark('peerhub:link-made' | 'peerhub:description-out' | 'peerhub:description-in' |
 *   'peerhub:ice-connected' | 'peerhub:transport-connected', { detail: { peer } }) — the first time
 *   each peer's connection was made, sent its first description, applied the other's first one, had
 *   ICE connected and had DTLS up: a join benchmark splits avatar → channel open by them. The
 *   link-made mark's detail also says whether this side is the polite one (it answers the first offer).
 * - performance.mark('peerhub:history-answered', { detail: { peer, kept } }) — each time a peer's
 *   answer to our history request is complete and its entries are in the chat; `kept` is how
 *   many entries the history holds then (a benchmark's late joiner waits for it).
 * - performance.mark('peerhub:file-read', { detail: { file, bytes } }) — a sender's reader of one
 *   file is done: how many bytes it read from disk (a benchmark checks that a file sent to
 *   several peers is read once).
 * - performance.mark('peerhub:share-search', { detail: { id, asked } }) — a search of shared files
 *   went out to `asked` peers; performance.mark('peerhub:share-answer', { detail: { id, peer, files } })
 *   — one peer's answer to it arrived with `files` entries (a benchmark's time to first and to all
 *   results).
 * - performance.mark('peerhub:receive', { detail: { phase, file, thread } }) — a receiver's steps: `accepted`
 *   (the user accepted an offer), `first-frame` (the first message of its channel arrived), `end-arrived` (the
 *   sender's file-end arrived: every byte is here), `staged` (every byte written and hashed) and
 *   `handed-over` (the verified file given to the user; file -1 for a zip or a folder of them all). `thread` is
 *   `worker` for what the stage worker marked (the channel moved there), else `page`. A benchmark splits a transfer's time by them.
 * - document.body.dataset.signaling = 'connecting' | 'connected' | 'reconnecting'.
 *
 * One hook is read, not written: `globalThis.peerhubSkipOwnPolicyCheck = true` makes this page
 * offer files its hub's policy blocks, as a modified client would, so a test can show that the
 * receivers still refuse them. It changes nothing anyone else relies on.
 */
import type { SignalingState } from './signaling';
import type { ReceivePhase } from './transfer/stage-messages';

export const CHANNEL_OPEN_MARK = 'peerhub:channel-open';

export const PEER_VERIFIED_MARK = 'peerhub:peer-verified';

const marked = new Set<string>();

function markOnce(mark: string, peerId: string, more: Record<string, unknown> = {}): void {
  if (marked.has(`${mark} ${peerId}`)) return;
  marked.add(`${mark} ${peerId}`);
  performance.mark(mark, { detail: { peer: peerId, ...more } });
}

export function markChannelOpen(peerId: string): void {
  markOnce(CHANNEL_OPEN_MARK, peerId);
}

export function markPeerVerified(peerId: string): void {
  markOnce(PEER_VERIFIED_MARK, peerId);
}

export function markBoot(): void {
  markOnce('peerhub:boot', '');
}

export function markSocketOpen(): void {
  markOnce('peerhub:socket-open', '');
}

export function markRoomStart(): void {
  markOnce('peerhub:room-start', '');
}

export function markWelcome(): void {
  markOnce('peerhub:welcome', '');
}

export function markPeerShown(peerId: string): void {
  markOnce('peerhub:peer-shown', peerId);
}

export type LinkStep = 'link-made' | 'description-out' | 'description-in' | 'ice-connected' | 'transport-connected';

export function markLinkStep(step: LinkStep, peerId: string, more: { polite: boolean } | Record<string, never> = {}): void {
  markOnce(`peerhub:${step}`, peerId, more);
}

export const HISTORY_ANSWERED_MARK = 'peerhub:history-answered';

export function markHistoryAnswered(peerId: string, kept: number): void {
  performance.mark(HISTORY_ANSWERED_MARK, { detail: { peer: peerId, kept } });
}

export const FILE_READ_MARK = 'peerhub:file-read';

export function markFileRead(file: number, bytes: number): void {
  performance.mark(FILE_READ_MARK, { detail: { file, bytes } });
}

export const SHARE_SEARCH_MARK = 'peerhub:share-search';
export const SHARE_ANSWER_MARK = 'peerhub:share-answer';

export function markShareSearch(id: string, asked: number): void {
  performance.mark(SHARE_SEARCH_MARK, { detail: { id, asked } });
}

export function markShareAnswer(id: string, peer: string, files: number): void {
  performance.mark(SHARE_ANSWER_MARK, { detail: { id, peer, files } });
}

export const RECEIVE_MARK = 'peerhub:receive';

/** `thread` says where the receiver runs: in the stage worker (the channel moved there) or on the page. */
export function markReceive(phase: ReceivePhase, file: number, thread: 'worker' | 'page' = 'page'): void {
  performance.mark(RECEIVE_MARK, { detail: { phase, file, thread } });
}

export function setSignalingState(state: SignalingState): void {
  document.body.dataset.signaling = state;
}

/** Whether a test has made this page skip its own policy check as a modified sender would (see above). */
export function ownPolicyCheckSkipped(): boolean {
  return (globalThis as { peerhubSkipOwnPolicyCheck?: unknown }).peerhubSkipOwnPolicyCheck === true;
}
