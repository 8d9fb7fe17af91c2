package io.peerhub.server.signaling;

import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.Protocol;
import io.peerhub.protocol.ServerMessage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One WebSocket connection as the signaling logic sees it: not joined, joined (attached to a
 * {@link Session}), or closed. A connection outlives its session (after {@code leave} it may join
 * again), and a session outlives its connection (away, until it resumes on another one).
 */
public final class Client {

    private static final Object CLOSED = new Object();

    private final Connection connection;
    private final String address;
    private final MessageCodec codec;
    private final TokenBucket rate;
    /** {@code ice-renew}s: a few at once, then one per interval (docs/protocol.md, "TURN credentials"). */
    private final TokenBucket renewals;
    /** null: not joined; a {@link Session}: joined; {@link #CLOSED}: gone for good. */
    private final AtomicReference<Object> state = new AtomicReference<>();
    private volatile long lastHeardNanos;
    private boolean refusingForRate; // only touched by the thread delivering this client's messages
    /**
     * Frames refused for the rate: {@link #FLOOD_FACTOR} bursts of them at once, refilled at the
     * rate. A client a little over the rate never runs out; one writing as fast as it can (6,000
     * frames a second in the socket fuzz) does within a second, and is closed rather than read on.
     */
    private final TokenBucket refusals;
    static final int FLOOD_FACTOR = 10;
    private boolean flooding; // like refusingForRate

    Client(Connection connection, String address, MessageCodec codec, TokenBucket rate, long nowNanos) {
        this.connection = connection;
        this.address = address;
        this.codec = codec;
        this.rate = rate;
        this.refusals = rate.scaled(FLOOD_FACTOR, nowNanos);
        this.renewals = new TokenBucket(1000.0 / Protocol.ICE_RENEW_INTERVAL_MILLIS, Protocol.ICE_RENEW_BURST, nowNanos);
        this.lastHeardNanos = nowNanos;
    }

    public String connectionId() {
        return connection.id();
    }

    /** The client address its per-address limits count against (see the transport's {@code ClientAddresses}). */
    public String address() {
        return address;
    }

    public void send(ServerMessage message) {
        connection.send(codec.encode(message));
    }

    /** Sends a frame encoded already (a held signal). */
    void sendFrame(String frame) {
        connection.send(frame);
    }

    void close(int code, String reason) {
        connection.close(code, reason);
    }

    void refuse(int code, String reason) {
        connection.refuse(code, reason);
    }

    /** The session this connection speaks for, or null. */
    Session session() {
        Object s = state.get();
        return s instanceof Session ? (Session) s : null;
    }

    boolean isClosed() {
        return state.get() == CLOSED;
    }

    /** Attaches a session to a connection that has none; false when the connection closed meanwhile. */
    boolean attach(Session session) {
        return state.compareAndSet(null, session);
    }

    /** Detaches {@code session} if it is still this connection's; false when it is not (or closed). */
    boolean detach(Session session) {
        return state.compareAndSet(session, null);
    }

    /**
     * Marks the connection closed. Whoever does so first (the transport, the heartbeat, a resume
     * elsewhere) is told so and gets the session it spoke for, and decides that session's fate;
     * later callers get {@code first == false} and no session, so a peer never leaves twice.
     */
    Closing markClosed() {
        Object previous = state.getAndSet(CLOSED);
        return new Closing(previous != CLOSED, previous instanceof Session ? (Session) previous : null);
    }

    /** The outcome of {@link #markClosed()}; {@code session} is null when none was attached. */
    record Closing(boolean first, Session session) {}

    void heard(long nowNanos) {
        lastHeardNanos = nowNanos;
    }

    long silentNanos(long nowNanos) {
        return nowNanos - lastHeardNanos;
    }

    /**
     * Whether this message fits in the rate limit, and when it does not, whether this is the first
     * refusal in a row: only that one is answered, so a flood is not echoed back one error per frame.
     */
    RateDecision admit(long nowNanos) {
        if (!flooding && rate.tryTake(nowNanos)) {
            refusingForRate = false;
            return RateDecision.ADMIT;
        }
        if (flooding) {
            return RateDecision.REFUSE_SILENTLY; // closed already: what is still on its way is not read
        }
        if (!refusals.tryTake(nowNanos)) {
            flooding = true;
            return RateDecision.CUT_OFF;
        }
        boolean first = !refusingForRate;
        refusingForRate = true;
        return first ? RateDecision.REFUSE_AND_TELL : RateDecision.REFUSE_SILENTLY;
    }

    enum RateDecision { ADMIT, REFUSE_AND_TELL, REFUSE_SILENTLY, CUT_OFF }

    /** Whether this connection may have fresh ICE servers now, within its renewal allowance. */
    boolean mayRenewIce(long nowNanos) {
        return renewals.tryTake(nowNanos);
    }

    @Override
    public String toString() {
        Session s = session();
        return s != null ? s.peerId() : connection.id();
    }
}
