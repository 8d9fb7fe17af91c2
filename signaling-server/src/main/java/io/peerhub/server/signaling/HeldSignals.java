package io.peerhub.server.signaling;

import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.ProtocolException;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.protocol.SignalTo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The signals held for one away peer, kept as the frames it will be sent: a frame is its text and
 * nothing more, where the parsed tree of the same signal can take ten times the memory. Bounded per
 * peer and by the node's {@link HoldBudget}; what does not fit is refused with {@code away-full},
 * so the sender knows. Guarded by the room's lock, like the session it belongs to.
 */
final class HeldSignals {

    /** The spec's bound on the count: a handshake is one description and a few dozen candidates. */
    static final int MAX_SIGNALS = 64;
    /**
     * 256 KiB: an offer with dozens of candidates is under 16 KiB, so a whole handshake and its
     * restarts fit many times over; 64 full-size frames (4 MiB) for each of thousands of away peers would not.
     */
    static final int MAX_CHARS = 256 * 1024;

    private final MessageCodec codec;
    private final HoldBudget budget;
    private final Deque<String> frames = new ArrayDeque<>();
    private long chars;

    HeldSignals(MessageCodec codec, HoldBudget budget) {
        this.codec = codec;
        this.budget = budget;
    }

    /** Holds {@code signal}; null when it is held, else the refusal for its sender. */
    ProtocolException add(SignalFrom signal) {
        String frame = codec.encode(signal);
        if (frames.size() >= MAX_SIGNALS || chars + frame.length() > MAX_CHARS) {
            return new ProtocolException(ErrorCode.AWAY_FULL, "that peer is away and " + MAX_SIGNALS
                    + " signals or " + MAX_CHARS / 1024 + " KiB are held for it already", SignalTo.TYPE);
        }
        if (!budget.reserve(frame.length())) {
            return new ProtocolException(ErrorCode.AWAY_FULL,
                    "this server holds all it may for away peers; send again when the peer is back", SignalTo.TYPE);
        }
        frames.add(frame);
        chars += frame.length();
        return null;
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    /** Takes the oldest frame, or null. */
    String poll() {
        String frame = frames.poll();
        if (frame != null) {
            chars -= frame.length();
            budget.release(frame.length());
        }
        return frame;
    }

    /** Takes every signal, for another node to deliver (the peer resumed there). */
    List<SignalFrom> takeAll() {
        List<SignalFrom> taken = new ArrayList<>(frames.size());
        for (String frame = poll(); frame != null; frame = poll()) {
            taken.add((SignalFrom) codec.decodeServer(frame));
        }
        return taken;
    }

    /** Drops everything (the peer left), giving its share back to the node. */
    void clear() {
        budget.release(chars);
        chars = 0;
        frames.clear();
    }
}
