package io.peerhub.server.signaling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one client address may hold: open connections, peers away (dropped, resumable), and
 * {@code join}s per minute. A limit of 0 is no limit. Every connection counts from open to close,
 * refused ones too: a refused socket is still a socket until its close handshake ends. An away
 * peer counts from its drop until it is back or gone: it holds a place in its room and the
 * signals sent to it, without a socket that the connection limit would count.
 *
 * <p>Threading: any thread; the maps' per-key atomic updates are the only synchronization.
 */
final class AddressLimits {

    private static final double SECONDS_PER_MINUTE = 60;

    private final int maxConnections;
    private final int joinsPerMinute;
    private final int maxAway;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    private final Map<String, Integer> away = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> joins = new ConcurrentHashMap<>();

    AddressLimits(int maxConnections, int joinsPerMinute, int maxAway) {
        this.maxConnections = maxConnections;
        this.joinsPerMinute = joinsPerMinute;
        this.maxAway = maxAway;
    }

    int maxConnections() {
        return maxConnections;
    }

    int joinsPerMinute() {
        return joinsPerMinute;
    }

    /** Counts a connection from {@code address}; false when that makes one more than allowed. */
    boolean opened(String address) {
        int now = open.merge(address, 1, Integer::sum);
        return maxConnections == 0 || now <= maxConnections;
    }

    /** Counts one connection of {@code address} closed (each {@link #opened} is closed once). */
    void closed(String address) {
        open.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
    }

    /**
     * Counts a peer of {@code address} gone away; false, counting nothing, when the address has as
     * many away as it may (the peer then leaves at once). Each true is ended once by {@link #back}.
     */
    boolean wentAway(String address) {
        boolean[] taken = {false};
        away.compute(address, (a, n) -> {
            int now = n == null ? 0 : n;
            taken[0] = maxAway == 0 || now < maxAway;
            return taken[0] ? now + 1 : n;
        });
        return taken[0];
    }

    /** An away peer of {@code address} is back or gone. */
    void back(String address) {
        away.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
    }

    int maxAway() {
        return maxAway;
    }

    /** Takes a join from {@code address}'s allowance: a minute's worth at once, refilled evenly. */
    boolean joinAllowed(String address, long nowNanos) {
        return joinsPerMinute == 0 || joins.computeIfAbsent(address,
                a -> new TokenBucket(joinsPerMinute / SECONDS_PER_MINUTE, joinsPerMinute, nowNanos)).tryTake(nowNanos);
    }

    /**
     * Forgets the addresses whose allowance has refilled, so the map holds only recent joiners. A
     * join racing this may be taken from a bucket just forgotten: one join forgiven, no more.
     */
    void forgetIdle(long nowNanos) {
        joins.values().removeIf(bucket -> bucket.isFull(nowNanos));
    }
}
