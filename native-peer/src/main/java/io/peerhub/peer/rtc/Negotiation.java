package io.peerhub.peer.rtc;

import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSignalingState;

/**
 * The decision at the heart of perfect negotiation, the same as the browser's
 * (web-client/src/negotiation.ts): on an offer collision the impolite peer ignores the incoming
 * offer and the polite peer rolls its own back and answers. Who is polite is the mesh's rule
 * ({@code Mesh.isPolite}: my id sorts lower).
 */
final class Negotiation {

    enum Action { IGNORE, APPLY }

    record Decision(Action action, boolean ignoreOffer, boolean rollback, boolean answer, String reason) {}

    private Negotiation() {}

    static Decision decide(RTCSdpType type, boolean polite, boolean makingOffer,
                           RTCSignalingState state, boolean settingRemoteAnswerPending) {
        switch (type) {
            case OFFER -> {
                boolean ready = !makingOffer && (state == RTCSignalingState.STABLE || settingRemoteAnswerPending);
                boolean collision = !ready;
                if (collision && !polite) {
                    return new Decision(Action.IGNORE, true, false, false, "offer collision, impolite side keeps its offer");
                }
                return new Decision(Action.APPLY, false, collision, true, null);
            }
            case ANSWER -> {
                if (state != RTCSignalingState.HAVE_LOCAL_OFFER) {
                    return new Decision(Action.IGNORE, false, false, false, "stale answer in " + state);
                }
                return new Decision(Action.APPLY, false, false, false, null);
            }
            case ROLLBACK -> {
                if (state != RTCSignalingState.HAVE_REMOTE_OFFER) {
                    return new Decision(Action.IGNORE, false, false, false, "rollback in " + state);
                }
                return new Decision(Action.APPLY, false, false, false, null);
            }
            default -> {
                return new Decision(Action.IGNORE, false, false, false, "unsupported description " + type);
            }
        }
    }
}
