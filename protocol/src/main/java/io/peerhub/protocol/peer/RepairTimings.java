package io.peerhub.protocol.peer;

/**
 * The timings of connection repair (docs/protocol.md "Repairing a connection"). They are not on
 * the wire, but both implementations must keep them alike: the impolite side acts first and the
 * polite one only after {@link #REPAIR_FOLLOWER_FACTOR} times as long, so two peers seldom repair
 * the same connection at once. The browser's twin is web-client/src/protocol/repair.ts.
 */
public final class RepairTimings {

    /** A disconnected connection gets this long to heal by itself (it often does) before ICE restarts. */
    public static final long REPAIR_GRACE_MILLIS = 2_000;
    /** An ICE restart gets this long to bring the connection back before it is rebuilt. */
    public static final long REPAIR_RESTART_MILLIS = 8_000;
    /** A rebuilt connection gets this long to connect before the next rebuild. */
    public static final long REPAIR_REBUILD_MILLIS = 10_000;
    /** The first pause between two rebuilds; it doubles each time (with jitter) up to the next limit. */
    public static final long REPAIR_BACKOFF_MILLIS = 1_000;
    public static final long REPAIR_BACKOFF_MAX_MILLIS = 15_000;
    /** Rebuilds without success before giving up (about a minute in all); the signaling's return tries again. */
    public static final int REPAIR_MAX_REBUILDS = 4;
    /** The polite side waits this many times as long at every step: it repairs only what the other side did not. */
    public static final int REPAIR_FOLLOWER_FACTOR = 2;

    private RepairTimings() {}
}
