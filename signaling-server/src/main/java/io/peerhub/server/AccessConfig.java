package io.peerhub.server;

import io.peerhub.server.transport.Cidr;
import io.peerhub.server.transport.OriginCheck;
import java.util.List;
import java.util.Objects;

/**
 * Who may open the signaling socket, and how much of the server clients may take: per address,
 * and, for the signals held for away peers, all together.
 *
 * @param allowedOrigins           browser origins ({@code https://host[:port]}) accepted besides the hub's own
 * @param trustedProxies           reverse proxies (addresses or CIDR blocks) whose {@code X-Forwarded-For} is believed
 * @param maxConnectionsPerAddress open signaling connections one address may hold; 0: no limit
 * @param maxJoinsPerMinute        {@code join}s one address may send per minute; 0: no limit
 * @param maxAwayPerAddress        peers one address may have away (dropped, resumable) at once; a socket that
 *                                 drops past it leaves at once; 0: no limit
 * @param maxHeldBytes             signals (characters of their frames) the node holds for all away peers together;
 *                                 past it a signal to an away peer gets {@code away-full}
 * @param maxQueuedBytesTotal      what the node has waiting to be sent to all its connections together; past it a
 *                                 connection with more than {@link #FAIR_QUEUE_BYTES} waiting is cut off (1008)
 */
public record AccessConfig(List<String> allowedOrigins, List<String> trustedProxies,
                           int maxConnectionsPerAddress, int maxJoinsPerMinute,
                           int maxAwayPerAddress, long maxHeldBytes, long maxQueuedBytesTotal) {

    /**
     * 32: more tabs and devices than one person keeps open, few enough that one address cannot
     * hold a meaningful share of a node's sockets. Behind a large NAT, raise it.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 32;
    /** 60: a reload a second for a minute; a client that joins faster is a script. */
    public static final int DEFAULT_MAX_JOINS_PER_MINUTE = 60;
    /**
     * 32, as many as the connections an address may hold: every tab of an office behind one NAT
     * may drop at once when its network blips and still resume.
     */
    public static final int DEFAULT_MAX_AWAY_PER_ADDRESS = 32;
    /**
     * 64 MiB: 256 away peers each with a full 256 KiB held, or thousands with a real handshake each
     * (a few KiB); a small share of the 256 MiB heap a node runs in, so no flood of away peers can
     * run it out of memory (docs/reliability.md).
     */
    public static final long DEFAULT_MAX_HELD_BYTES = 64L * 1024 * 1024;
    /**
     * 64 MiB: each connection may have 4 MiB waiting (a phone on a bad network catching up), but
     * slow readers from many addresses (32 each) would otherwise add up to the heap and past it.
     */
    public static final long DEFAULT_MAX_QUEUED_BYTES_TOTAL = 64L * 1024 * 1024;
    /** Two full-size frames: what an honest client that reads has waiting, at most, in a busy room. */
    public static final long FAIR_QUEUE_BYTES = 128L * 1024;

    public AccessConfig {
        allowedOrigins = List.copyOf(Objects.requireNonNull(allowedOrigins, "allowedOrigins"));
        trustedProxies = List.copyOf(Objects.requireNonNull(trustedProxies, "trustedProxies"));
        allowedOrigins.forEach(OriginCheck::parse); // fails at start-up, not at the first browser
        trustedProxies.forEach(Cidr::parse);
        if (maxConnectionsPerAddress < 0 || maxJoinsPerMinute < 0 || maxAwayPerAddress < 0) {
            throw new IllegalArgumentException("per-address limits must be 0 (off) or more");
        }
        if (maxHeldBytes < 0) {
            throw new IllegalArgumentException("the held-signal budget must be 0 (hold nothing) or more");
        }
        if (maxQueuedBytesTotal < FAIR_QUEUE_BYTES) {
            throw new IllegalArgumentException("the node's send budget must hold at least " + FAIR_QUEUE_BYTES + " bytes");
        }
    }

    /** No origins but the hub's own, no trusted proxy, the default limits. */
    public static AccessConfig defaults() {
        return new AccessConfig(List.of(), List.of(), DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_MAX_JOINS_PER_MINUTE,
                DEFAULT_MAX_AWAY_PER_ADDRESS, DEFAULT_MAX_HELD_BYTES, DEFAULT_MAX_QUEUED_BYTES_TOTAL);
    }

    public AccessConfig withAllowedOrigins(List<String> origins) {
        return new AccessConfig(origins, trustedProxies, maxConnectionsPerAddress, maxJoinsPerMinute,
                maxAwayPerAddress, maxHeldBytes, maxQueuedBytesTotal);
    }

    public AccessConfig withTrustedProxies(List<String> proxies) {
        return new AccessConfig(allowedOrigins, proxies, maxConnectionsPerAddress, maxJoinsPerMinute,
                maxAwayPerAddress, maxHeldBytes, maxQueuedBytesTotal);
    }

    public AccessConfig withLimits(int connectionsPerAddress, int joinsPerMinute) {
        return new AccessConfig(allowedOrigins, trustedProxies, connectionsPerAddress, joinsPerMinute,
                maxAwayPerAddress, maxHeldBytes, maxQueuedBytesTotal);
    }

    /** The bounds on away peers: per address, and the signals held for all of them. */
    public AccessConfig withAwayLimits(int awayPerAddress, long heldBytes) {
        return new AccessConfig(allowedOrigins, trustedProxies, maxConnectionsPerAddress, maxJoinsPerMinute,
                awayPerAddress, heldBytes, maxQueuedBytesTotal);
    }

    /** The node-wide bound on what waits to be sent to all connections together. */
    public AccessConfig withSendBudget(long queuedBytesTotal) {
        return new AccessConfig(allowedOrigins, trustedProxies, maxConnectionsPerAddress, maxJoinsPerMinute,
                maxAwayPerAddress, maxHeldBytes, queuedBytesTotal);
    }
}
