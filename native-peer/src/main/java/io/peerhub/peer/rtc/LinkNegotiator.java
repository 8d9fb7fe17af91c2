package io.peerhub.peer.rtc;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import io.peerhub.protocol.peer.SignalData;
import io.peerhub.protocol.peer.Transfers;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Perfect negotiation for one {@link PeerLink}, as in the browser's PeerLink
 * (web-client/src/peer-link.ts): offers when webrtc asks, applies the remote side's descriptions
 * as {@link Negotiation} decides, and queues trickled candidates until the remote description is
 * set. Every method runs on the link's worker thread, which is why its state needs no lock.
 */
final class LinkNegotiator {

    private static final Logger log = LoggerFactory.getLogger(LinkNegotiator.class);
    /** Candidates that arrive before the remote description are held; a bound keeps a bad peer cheap. */
    private static final int MAX_QUEUED_CANDIDATES = 200;
    private static final Pattern MAX_MESSAGE_SIZE = Pattern.compile("a=max-message-size:(\\d+)");

    private final RTCPeerConnection pc;
    private final String peerId;
    private final boolean polite;
    private final BooleanSupplier closed;
    private final Consumer<SignalData> signal;
    private final Runnable ensureControlChannel;

    // Worker-thread state.
    private boolean makingOffer;
    private boolean ignoreOffer;
    private boolean settingRemoteAnswerPending;
    private final Deque<RTCIceCandidate> queuedCandidates = new ArrayDeque<>();
    private volatile int maxMessageSize = Transfers.DEFAULT_MAX_MESSAGE_SIZE;

    /**
     * @param signal receives each local description to send to the peer
     * @param ensureControlChannel creates the control channel before an answer, so the answer covers it
     */
    LinkNegotiator(RTCPeerConnection pc, String peerId, boolean polite, BooleanSupplier closed,
                   Consumer<SignalData> signal, Runnable ensureControlChannel) {
        this.pc = pc;
        this.peerId = peerId;
        this.polite = polite;
        this.closed = closed;
        this.signal = signal;
        this.ensureControlChannel = ensureControlChannel;
    }

    /** The largest message the remote accepts, capped at 256 KiB (the protocol's frame limit). */
    int maxMessageSize() {
        return maxMessageSize;
    }

    void negotiate() {
        if (pc.getSignalingState() != RTCSignalingState.STABLE) {
            return; // webrtc fires negotiationneeded again once stable, if still needed
        }
        makingOffer = true;
        try {
            RTCSessionDescription offer = RtcCalls.createOffer(pc);
            RtcCalls.setLocal(pc, offer);
            sendDescription(pc.getLocalDescription());
        } catch (RuntimeException e) {
            log.warn("offer to {} failed: {}", peerId, e.getMessage());
        } finally {
            makingOffer = false;
        }
    }

    /** Signal data the mesh validated ({@link SignalData#parse}) and found for this link's generation. */
    void applySignal(SignalData data) {
        if (data.description() != null) {
            applyDescription(data.description());
        } else if (data.candidate() != null) {
            applyCandidate(data.candidate());
        }
        // null = end of candidates; like the browser we do not apply it.
    }

    private void applyDescription(SignalData.Description d) {
        RTCSdpType type = switch (d.type()) {
            case "offer" -> RTCSdpType.OFFER;
            case "answer" -> RTCSdpType.ANSWER;
            case "rollback" -> RTCSdpType.ROLLBACK;
            default -> null;
        };
        if (type == null) {
            return;
        }
        String sdp = d.sdp();
        Negotiation.Decision decision = Negotiation.decide(type, polite, makingOffer, pc.getSignalingState(),
                settingRemoteAnswerPending);
        ignoreOffer = decision.ignoreOffer();
        if (decision.action() == Negotiation.Action.IGNORE) {
            log.debug("description from {} ignored: {}", peerId, decision.reason());
            return;
        }
        try {
            if (decision.rollback()) {
                // Browsers roll back implicitly; being explicit does not depend on libwebrtc doing so.
                RtcCalls.setLocal(pc, new RTCSessionDescription(RTCSdpType.ROLLBACK, ""));
            }
            settingRemoteAnswerPending = type == RTCSdpType.ANSWER;
            try {
                RtcCalls.setRemote(pc, new RTCSessionDescription(type, sdp));
            } finally {
                settingRemoteAnswerPending = false;
            }
            readMaxMessageSize(sdp);
            flushCandidates();
            if (decision.answer()) {
                ensureControlChannel.run();
                RtcCalls.setLocal(pc, RtcCalls.createAnswer(pc));
                sendDescription(pc.getLocalDescription());
            }
        } catch (RuntimeException e) {
            log.warn("description from {} failed: {}", peerId, e.getMessage());
        }
    }

    private void readMaxMessageSize(String sdp) {
        Matcher m = MAX_MESSAGE_SIZE.matcher(sdp);
        long size = Transfers.DEFAULT_MAX_MESSAGE_SIZE;
        if (m.find()) {
            try {
                size = Long.parseLong(m.group(1));
                if (size == 0) {
                    size = Transfers.MAX_FRAME_BYTES; // 0 = "no limit" (RFC 8841)
                }
            } catch (NumberFormatException e) {
                size = Transfers.DEFAULT_MAX_MESSAGE_SIZE;
            }
        }
        maxMessageSize = (int) Math.min(size, Transfers.MAX_FRAME_BYTES);
    }

    private void applyCandidate(SignalData.Candidate c) {
        if (c.candidate().isEmpty()) {
            return;
        }
        RTCIceCandidate ice = new RTCIceCandidate(c.sdpMid() == null ? "0" : c.sdpMid(),
                c.sdpMLineIndex() == null ? 0 : c.sdpMLineIndex(), c.candidate());
        if (pc.getRemoteDescription() == null) {
            queuedCandidates.addLast(ice);
            if (queuedCandidates.size() > MAX_QUEUED_CANDIDATES) {
                queuedCandidates.removeFirst();
            }
            return;
        }
        addCandidate(ice);
    }

    private void flushCandidates() {
        while (!queuedCandidates.isEmpty()) {
            addCandidate(queuedCandidates.removeFirst());
        }
    }

    private void addCandidate(RTCIceCandidate c) {
        try {
            pc.addIceCandidate(c);
        } catch (RuntimeException e) {
            if (!ignoreOffer) {
                log.debug("candidate from {} refused: {}", peerId, e.toString());
            }
        }
    }

    private void sendDescription(RTCSessionDescription d) {
        if (d == null || closed.getAsBoolean()) {
            return;
        }
        String type = switch (d.sdpType) {
            case OFFER -> "offer";
            case ANSWER -> "answer";
            case ROLLBACK -> "rollback";
            default -> null;
        };
        if (type == null) {
            return;
        }
        signal.accept(SignalData.description(0, type, d.sdp));
    }
}
