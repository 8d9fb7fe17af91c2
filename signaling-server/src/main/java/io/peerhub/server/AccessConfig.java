package io.peerhub.server;

import io.peerhub.server.transport.Cidr;
import io.peerhub.server.transport.OriginCheck;
import java.util.List;
import java.util.Objects;

/**
 * Who may open the signaling socket, and how much of the server one client address may take.
 *
 * @param allowedOrigins           browser origins ({@code https://host[:port]}) accepted besides the hub's own
 * @param trustedProxies           reverse proxies (addresses or CIDR blocks) whose {@code X-Forwarded-For} is believed
 * @param maxConnectionsPerAddress open signaling connections one address may hold; 0: no limit
 * @param maxJoinsPerMinute        {@code join}s one address may send per minute; 0: no limit
 */
public record AccessConfig(List<String> allowedOrigins, List<String> trustedProxies,
                           int maxConnectionsPerAddress, int maxJoinsPerMinute) {

    /**
     * 32: more tabs and devices than one person keeps open, few enough that one address cannot
     * hold a meaningful share of a node's sockets. Behind a large NAT, raise it.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 32;
    /** 60: a reload a second for a minute; a client that joins faster is a script. */
    public static final int DEFAULT_MAX_JOINS_PER_MINUTE = 60;

    public AccessConfig {
        allowedOrigins = List.copyOf(Objects.requireNonNull(allowedOrigins, "allowedOrigins"));
        trustedProxies = List.copyOf(Objects.requireNonNull(trustedProxies, "trustedProxies"));
        allowedOrigins.forEach(OriginCheck::parse); // fails at start-up, not at the first browser
        trustedProxies.forEach(Cidr::parse);
        if (maxConnectionsPerAddress < 0 || maxJoinsPerMinute < 0) {
            throw new IllegalArgumentException("per-address limits must be 0 (off) or more");
        }
    }

    /** No origins but the hub's own, no trusted proxy, the default limits. */
    public static AccessConfig defaults() {
        return new AccessConfig(List.of(), List.of(), DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_MAX_JOINS_PER_MINUTE);
    }

    public AccessConfig withAllowedOrigins(List<String> origins) {
        return new AccessConfig(origins, trustedProxies, maxConnectionsPerAddress, maxJoinsPerMinute);
    }

    public AccessConfig withTrustedProxies(List<String> proxies) {
        return new AccessConfig(allowedOrigins, proxies, maxConnectionsPerAddress, maxJoinsPerMinute);
    }

    public AccessConfig withLimits(int connectionsPerAddress, int joinsPerMinute) {
        return new AccessConfig(allowedOrigins, trustedProxies, connectionsPerAddress, joinsPerMinute);
    }
}
