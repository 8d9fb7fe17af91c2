/**
 * The decision at the heart of "perfect negotiation" (W3C WebRTC spec §10.7, MDN's pattern),
 * factored out as a pure function so it can be tested without a browser.
 *
 * Both peers may send offers at the same time (here they always do at first: each side creates
 * the pre-negotiated channel, which fires `negotiationneeded` on both). On a collision the
 * impolite peer ignores the incoming offer and the polite peer rolls its own offer back and
 * answers instead. Polite = my id sorts lower (docs/protocol.md, "Handshake over signaling").
 */
import type { SessionDescriptionType } from './protocol';

export interface NegotiationState {
  polite: boolean;
  /** True from just before setLocalDescription() until its offer has been sent. */
  makingOffer: boolean;
  signalingState: RTCSignalingState;
  /** True while we are applying a remote answer: the connection is then about to be stable. */
  settingRemoteAnswerPending: boolean;
}

export type DescriptionDecision =
  /** Drop it. `ignoreOffer` tells the candidate handler to swallow errors for its candidates. */
  | { action: 'ignore'; ignoreOffer: boolean; reason: string }
  /**
   * Apply it with setRemoteDescription. `rollback` means our own pending offer is rolled back
   * first; setRemoteDescription(offer) does that implicitly in every current browser.
   * `answer` means we must then reply with setLocalDescription() + send.
   */
  | { action: 'apply'; ignoreOffer: false; rollback: boolean; answer: boolean };

export function isPolite(selfId: string, peerId: string): boolean {
  return selfId < peerId;
}

export function decideOnDescription(
  type: SessionDescriptionType,
  state: NegotiationState,
): DescriptionDecision {
  switch (type) {
    case 'offer': {
      const readyForOffer =
        !state.makingOffer &&
        (state.signalingState === 'stable' || state.settingRemoteAnswerPending);
      const collision = !readyForOffer;
      if (collision && !state.polite) {
        return { action: 'ignore', ignoreOffer: true, reason: 'offer collision, impolite side keeps its offer' };
      }
      return { action: 'apply', ignoreOffer: false, rollback: collision, answer: true };
    }
    case 'answer':
      // An answer only fits an offer of ours that is still pending; anything else is stale
      // (e.g. we rolled our offer back as the polite side and the answer crossed in flight).
      if (state.signalingState !== 'have-local-offer') {
        return { action: 'ignore', ignoreOffer: false, reason: `stale answer in ${state.signalingState}` };
      }
      return { action: 'apply', ignoreOffer: false, rollback: false, answer: false };
    case 'rollback':
      // The other side withdrew an offer it sent us; only meaningful while we hold that offer.
      if (state.signalingState !== 'have-remote-offer') {
        return { action: 'ignore', ignoreOffer: false, reason: `rollback in ${state.signalingState}` };
      }
      return { action: 'apply', ignoreOffer: false, rollback: false, answer: false };
  }
}
