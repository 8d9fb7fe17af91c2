/**
 * How a peer's connection runs, as its avatar and its Details show it: the avatar's accessible
 * description (and the small line under its state) says "direct" or "relayed via …", the round
 * trip and, while a transfer runs, the rate; the Details list the candidate types on both ends,
 * the protocol and the relay's address, or why it could not connect. Text only, never HTML.
 */
import { t, type Key } from '../i18n';
import type { RoomPeer } from '../mesh';
import type { PeerPath } from '../reach/path-watch';
import { pathWords, rateWords, rttWords, type PathReading } from '../reach/path-stats';
import { el } from './dom';

/** What a peer's path looks like to this page: its last reading, and whether a transfer runs. */
export interface PathView {
  path: PeerPath;
  /** A transfer with this peer is moving bytes: show the rate. */
  transferring: boolean;
}

const CANDIDATE_WORDS: Record<PathReading['localType'], Key> = {
  host: 'candidate.host',
  srflx: 'candidate.srflx',
  prflx: 'candidate.prflx',
  relay: 'candidate.relay',
  unknown: 'candidate.unknown',
};

/** The avatar's description: "direct · 1 ms round trip"; empty while there is no path to tell. */
export function pathDescription(peer: Pick<RoomPeer, 'state'>, view: PathView | undefined): string {
  const reading = view?.path.reading;
  if (peer.state !== 'connected' || !reading) return '';
  return pathWords(reading, view.transferring ? view.path.rate : null);
}

/** The reason to put in the avatar's name instead of "connecting", or null. */
export function problemOf(peer: Pick<RoomPeer, 'state'>, view: PathView | undefined): string | null {
  return peer.state === 'connected' ? null : view?.path.problem ?? null;
}

/** Fills `box` (in the peer's Details) with the connection's facts. */
export function renderConnection(box: HTMLElement, peer: Pick<RoomPeer, 'state' | 'trust'>, view: PathView | undefined): void {
  box.replaceChildren(el('h4', { className: 'peer-connection-title', text: t('path.connection') }));
  if (peer.trust === 'not-verified') {
    box.append(el('p', { text: t('path.closed') }));
    return;
  }
  const problem = problemOf(peer, view);
  if (problem) {
    box.append(
      el('p', { className: 'warning', text: t('path.couldNotConnect', { problem }) }),
      el('p', { className: 'hint', text: t('path.keepsTrying') }),
    );
    return;
  }
  const reading = view?.path.reading;
  if (peer.state !== 'connected' || !reading) {
    box.append(el('p', { text: t(peer.state === 'disconnected' ? 'path.lostForNow' : 'path.connecting') }));
    return;
  }
  const rows: [string, string][] = [
    [t('path.route'), t(reading.route === 'relayed' ? 'path.relayed' : 'path.direct')],
    [t('path.thisDevice'), t(CANDIDATE_WORDS[reading.localType])],
    [t('path.otherSide'), t(CANDIDATE_WORDS[reading.remoteType])],
    [t('path.protocol'), reading.relayProtocol && reading.relayProtocol !== reading.protocol
      ? t('path.protocolViaRelay', { protocol: reading.protocol, relayProtocol: reading.relayProtocol })
      : reading.protocol],
  ];
  if (reading.route === 'relayed') rows.push([t('path.relay'), reading.relayAddress ?? t('path.relayUnknown')]);
  if (reading.rttMs !== null) rows.push([t('path.roundTripTerm'), rttWords(reading.rttMs)]);
  if (view?.transferring && view.path.rate !== null) rows.push([t('path.rate'), rateWords(view.path.rate)]);
  const list = el('dl', { className: 'peer-connection-facts' });
  for (const [term, value] of rows) list.append(el('dt', { text: term }), el('dd', { text: value }));
  box.append(list);
}
