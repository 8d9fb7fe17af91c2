package io.peerhub.server;

import io.peerhub.protocol.IceServer;
import io.peerhub.protocol.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the server can be told. Start from {@link #defaults()} (or {@link #loopback()}) and
 * change what you need: {@code ServerConfig.loopback().withMaxPeersPerRoom(2)}. Every option is documented
 * once, with its command-line name, in {@link Main}.
 *
 * @param bind              address to listen on
 * @param port              TCP port; 0 picks a free one (see {@link PeerhubServer#port()})
 * @param publicUrl         the URL people open, when the server sits behind a proxy; null: the local one
 * @param iceServers        STUN/TURN servers handed to every client in {@code welcome}
 * @param maxPeersPerRoom   peers (away ones included) a room holds before joins get {@code room-full}
 * @param heartbeatInterval how often the server sends {@code ping}; also {@code welcome.heartbeatMs}
 * @param heartbeatTimeout  silence after which a connection is closed with 4008
 * @param resumeWindow      how long a peer whose socket dropped stays away, resumable, before it leaves
 * @param rateLimitPerSecond messages per second one connection may send, on average
 * @param rateLimitBurst    messages one connection may send at once
 * @param maxQueuedBytes    outbound bytes one connection may have waiting before it is closed with 1008
 * @param cluster           node id, Redis and the other nodes; {@link ClusterConfig#standalone()} by default
 * @param access            allowed origins, trusted proxies and per-address limits; {@link AccessConfig#defaults()} by default
 * @param turn              the TURN secret and URLs that each peer's short-lived credentials are minted for;
 *                          null (the default): none, {@code iceServers} only
 * @param policyFile        the hub policy (JSON or YAML), read at start-up and again whenever it changes;
 *                          null (the default): the hub publishes no policy
 */
public record ServerConfig(
        String bind,
        int port,
        String publicUrl,
        List<IceServer> iceServers,
        int maxPeersPerRoom,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        Duration resumeWindow,
        double rateLimitPerSecond,
        int rateLimitBurst,
        long maxQueuedBytes,
        ClusterConfig cluster,
        AccessConfig access,
        TurnConfig turn,
        Path policyFile) {

    public static final String DEFAULT_BIND = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_PEERS_PER_ROOM = 50;
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RESUME_WINDOW = Duration.ofSeconds(30);
    public static final double DEFAULT_RATE_LIMIT_PER_SECOND = 50;
    public static final int DEFAULT_RATE_LIMIT_BURST = 200;
    /**
     * 4 MiB: 64 frames of the largest allowed size. A client that lets that much pile up is not
     * reading; holding more for it would let a few stalled clients exhaust the heap.
     */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 4L * 1024 * 1024;

    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(access, "access");
        iceServers = List.copyOf(Objects.requireNonNull(iceServers, "iceServers"));
        requirePositive(heartbeatInterval, "heartbeatInterval");
        requirePositive(heartbeatTimeout, "heartbeatTimeout");
        requirePositive(resumeWindow, "resumeWindow");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        if (maxPeersPerRoom < 1) {
            throw new IllegalArgumentException("maxPeersPerRoom must be at least 1");
        }
        if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("heartbeatTimeout must be longer than heartbeatInterval");
        }
        if (!(rateLimitPerSecond > 0) || rateLimitBurst < 1) {
            throw new IllegalArgumentException("the rate limit must be positive with a burst of at least 1");
        }
        if (maxQueuedBytes < 2L * Protocol.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("maxQueuedBytes must hold at least two full-size frames");
        }
        if (publicUrl != null) {
            publicUrl = publicUrl.replaceAll("/+$", "");
        }
    }

    /** The documented defaults: port 8080 on every interface, no ICE servers, no TURN secret. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_BIND, DEFAULT_PORT, null, List.of(), DEFAULT_MAX_PEERS_PER_ROOM,
                DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_TIMEOUT, DEFAULT_RESUME_WINDOW,
                DEFAULT_RATE_LIMIT_PER_SECOND, DEFAULT_RATE_LIMIT_BURST, DEFAULT_MAX_QUEUED_BYTES,
                ClusterConfig.standalone(), AccessConfig.defaults(), null, null);
    }

    /**
     * The defaults, but reachable from this machine only and on a free port: the server every test,
     * benchmark and example starts in-process (read the port from {@link PeerhubServer#baseUrl()}).
     */
    public static ServerConfig loopback() {
        return defaults().withBind("127.0.0.1").withPort(0);
    }

    public ServerConfig withBind(String bind) {
        return new ServerConfig(bind, port, publicUrl, iceServers, maxPeersPerRoom, heartbeatInterval,
                heartbeatTimeout, resumeWindow, rateLimitPerSecond, rateLimitBurst, maxQueuedBytes, cluster, access, turn, policyFile);
    }

    public ServerConfig withPort(int port) {
        return new ServerConfig(bind, port, publicUrl, iceServers, maxPeersPerRoom, heartbeatInterval,
                heartbeatTimeout, resumeWindow, rateLimitPerSecond, rateLimitBurst, maxQueuedBytes, cluster, access, turn, policyFile);
    }

    public ServerConfig withPublicUrl(String publicUrl) {
        return new ServerConfig(bind, port, publicUrl, iceServers, maxPeersPerRoom, heartbeatInterval,
                heartbeatTimeout, resumeWindow, rateLimitPerSecond, rateLimitBurst, maxQueuedBytes, cluster, access, turn, policyFile);
    }

    public ServerConfig withIceServers(List<IceServer> iceServers) {
        return new ServerConfig(bind, port, publicUrl, iceServers, maxPeersPerRoom, heartbeatInterval,
                heartbeatTimeout, resumeWindow, rateLimitPerSecond, rateLimitBurst, maxQueuedBytes, cluster, access, turn, policyFile);
    }

    public ServerConfig withMaxPeersPerRoom(int maxPeersPerRoom) {
        return new ServerConfig(bind, port, publicUrl, iceServers, maxPeersPerRoom, heartbeatInterval,
                heartbeatTimeout, resumeWindow, rateLimitPerSecond, rateLimitBurst, maxQueuedBytes, cluster, access, turn, policyFile);
    }

    /** Both heartbeat durations at once, since the timeout must exceed the interval. */
    public ServerConfig withHeartbeat(Duration interval, Duration timeout) {
        return new ServerConfig(bind, port, publicUrl, iceServers, maxPeersPerRoom, interval,
                timeout, resumeWindow, rateLimitPerSecond, rateLimitBurst, maxQueuedBytes, cluster, access, turn, policyFile);
    }

    public ServerConfig withResumeWindow(Duration resumeWindow) {
        return new ServerConfig(bind, port, publicUrl, iceServers, maxPeersPerRoom, heartbeatInterval,
                heartbeatTimeout, resumeWindow, rateLimitPerSecond, rateLimitBurst, maxQueuedBytes, cluster, access, turn, policyFile);
    }

    public ServerConfig withRateLimit(double perSecond, int burst) {
        return new ServerConfig(bind, port, publicUrl, iceServers, maxPeersPerRoom, heartbeatInterval,
                heartbeatTimeout, resumeWindow, perSecond, burst, maxQueuedBytes, cluster, access, turn, policyFile);
    }

    public ServerConfig withMaxQueuedBytes(long maxQueuedBytes) {
        return new ServerConfig(bind, port, publicUrl, iceServers, maxPeersPerRoom, heartbeatInterval,
                heartbeatTimeout, resumeWindow, rateLimitPerSecond, rateLimitBurst, maxQueuedBytes, cluster, access, turn, policyFile);
    }

    public ServerConfig withCluster(ClusterConfig cluster) {
        return new ServerConfig(bind, port, publicUrl, iceServers, maxPeersPerRoom, heartbeatInterval,
                heartbeatTimeout, resumeWindow, rateLimitPerSecond, rateLimitBurst, maxQueuedBytes, cluster, access, turn, policyFile);
    }

    public ServerConfig withAccess(AccessConfig access) {
        return new ServerConfig(bind, port, publicUrl, iceServers, maxPeersPerRoom, heartbeatInterval,
                heartbeatTimeout, resumeWindow, rateLimitPerSecond, rateLimitBurst, maxQueuedBytes, cluster, access, turn, policyFile);
    }

    /** With short-lived TURN credentials minted per peer; null: none. */
    public ServerConfig withTurn(TurnConfig turn) {
        return new ServerConfig(bind, port, publicUrl, iceServers, maxPeersPerRoom, heartbeatInterval,
                heartbeatTimeout, resumeWindow, rateLimitPerSecond, rateLimitBurst, maxQueuedBytes, cluster, access, turn, policyFile);
    }

    /** With a hub policy file; null: none. */
    public ServerConfig withPolicyFile(Path policyFile) {
        return new ServerConfig(bind, port, publicUrl, iceServers, maxPeersPerRoom, heartbeatInterval,
                heartbeatTimeout, resumeWindow, rateLimitPerSecond, rateLimitBurst, maxQueuedBytes, cluster, access, turn, policyFile);
    }

    /**
     * What an operator should hear about at start-up: a configuration that works but is unsafe.
     * Static TURN credentials reach every browser in {@code welcome}: anyone who opens a room can
     * copy them and use the relay as an open proxy, for as long as they stay unchanged.
     */
    public List<String> startupWarnings() {
        List<String> warnings = new ArrayList<>();
        boolean staticTurn = iceServers.stream().anyMatch(s -> s.credential() != null
                && s.urls().stream().anyMatch(u -> u.startsWith("turn:") || u.startsWith("turns:")));
        if (staticTurn) {
            warnings.add("static TURN credentials (--turn-username/--turn-credential or --ice-servers-json) are handed "
                    + "to every client: anyone who opens a room can copy them and use the relay as an open proxy. "
                    + "Use --turn-secret with coturn's use-auth-secret instead (docs/operations.md, \"TURN with coturn\")");
        }
        if (turn != null && turn.secret().length() < TurnConfig.WEAK_SECRET_LENGTH) {
            warnings.add("the TURN secret is shorter than " + TurnConfig.WEAK_SECRET_LENGTH + " characters: from one "
                    + "credential anyone can find it offline. Use 32 random bytes, e.g. openssl rand -base64 32");
        }
        return List.copyOf(warnings);
    }

    /** This node's public WebSocket URL ({@code publicUrl} with ws(s) and /ws), or null without a public URL. */
    public String publicWebSocketUrl() {
        return publicUrl == null ? null : publicUrl.replaceFirst("^http", "ws") + "/ws";
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
