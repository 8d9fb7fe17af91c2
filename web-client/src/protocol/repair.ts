/**
 * The timings of connection repair (docs/protocol.md "Repairing a connection"). They are not on
 * the wire, but both implementations must keep them alike: the impolite side acts first and the
 * polite one only after {@link REPAIR_FOLLOWER_FACTOR} times as long, so two peers seldom repair
 * the same connection at once. The Java twin is protocol/.../peer/RepairTimings.java.
 */

/** A `disconnected` connection gets this long to heal by itself (it often does) before ICE restarts. */
export const REPAIR_GRACE_MILLIS = 2_000;
/** An ICE restart gets this long to bring the connection back before it is rebuilt. */
export const REPAIR_RESTART_MILLIS = 8_000;
/** A rebuilt connection gets this long to connect before the next rebuild. */
export const REPAIR_REBUILD_MILLIS = 10_000;
/** The first pause between two rebuilds; it doubles each time (with jitter) up to the next limit. */
export const REPAIR_BACKOFF_MILLIS = 1_000;
export const REPAIR_BACKOFF_MAX_MILLIS = 15_000;
/** Rebuilds without success before giving up (about a minute in all); the signaling's return tries again. */
export const REPAIR_MAX_REBUILDS = 4;
/** The polite side waits this many times as long at every step: it repairs only what the other side did not. */
export const REPAIR_FOLLOWER_FACTOR = 2;
