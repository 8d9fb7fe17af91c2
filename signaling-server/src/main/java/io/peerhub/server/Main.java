package io.peerhub.server;

import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.server.cli.DurationConverter;
import io.peerhub.server.cli.IceServerOptions;
import io.peerhub.server.policy.PolicyFileException;
import io.peerhub.server.cli.SizeConverter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code peerhub-server}: every option, its environment variable and its default. Options given on
 * the command line win over the environment. (Picocli's {@code ${NAME:-default}} looks for a system
 * property NAME before the environment variable, which is how the tests set them.)
 */
@Command(name = "peerhub-server", mixinStandardHelpOptions = true, version = "peerhub-server 0.1.0", sortOptions = false,
        description = {
            "Serves the Peerhub web client and brokers presence and WebRTC handshakes.",
            "Every option can also be set through the environment variable named with it."},
        footer = {
            "",
            "ICE servers (handed to every browser for NAT traversal; none by default, which works on one network):",
            "  --ice-server stun:stun.example.org:3478",
            "  PEERHUB_TURN_SECRET=... --turn-url turn:turn.example.org:3478 (credentials minted per peer: coturn use-auth-secret)",
            "  --ice-server turn:turn.example.org:3478,turns:turn.example.org:5349 --turn-username u --turn-credential p",
            "    (static TURN credentials: warned about at start-up, since anyone in a room can copy them)",
            "  PEERHUB_ICE_SERVERS='stun:stun.example.org:3478 turn:turn.example.org:3478' (space-separated servers)",
            "  --ice-servers-json '[{\"urls\":[\"turn:a.example.org\"],\"username\":\"u\",\"credential\":\"p\"}]'",
            "Durations: 500ms, 10s, 2m, 1h. Sizes: 65536, 512KiB, 4MiB."})
public final class Main implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${PEERHUB_PORT:-8080}",
            description = "TCP port; 0 picks a free one. Env PEERHUB_PORT (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "${PEERHUB_BIND:-0.0.0.0}",
            description = "Address to listen on. Env PEERHUB_BIND (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--public-url", paramLabel = "URL", defaultValue = "${PEERHUB_PUBLIC_URL}",
            description = "The URL people open, e.g. https://peerhub.example.org behind a proxy; printed, and with "
                    + "--redis advertised (as ws(s)://.../ws) to other nodes' clients. Env PEERHUB_PUBLIC_URL "
                    + "(default: http://localhost:PORT).")
    String publicUrl;

    @Option(names = "--ice-server", paramLabel = "URL[,URL...]", split = "\\s+", splitSynopsisLabel = " ",
            defaultValue = "${PEERHUB_ICE_SERVERS}",
            description = "A STUN or TURN server (repeatable; one server per occurrence, its URLs comma-separated). "
                    + "Env PEERHUB_ICE_SERVERS (space-separated servers).")
    List<String> iceServers;

    @Option(names = "--turn-username", paramLabel = "NAME", defaultValue = "${PEERHUB_TURN_USERNAME}",
            description = "Static username for every --ice-server with a turn: or turns: URL (warned about at "
                    + "start-up: prefer --turn-secret). Env PEERHUB_TURN_USERNAME.")
    String turnUsername;

    @Option(names = "--turn-credential", paramLabel = "SECRET", defaultValue = "${PEERHUB_TURN_CREDENTIAL}",
            description = "Credential for those TURN servers. Env PEERHUB_TURN_CREDENTIAL.")
    String turnCredential;

    @Option(names = "--ice-servers-json", paramLabel = "JSON", defaultValue = "${PEERHUB_ICE_SERVERS_JSON}",
            description = "More ICE servers as a JSON list of {urls, username?, credential?}, added to --ice-server. "
                    + "Env PEERHUB_ICE_SERVERS_JSON.")
    String iceServersJson;

    @Option(names = "--turn-secret", paramLabel = "SECRET", defaultValue = "${PEERHUB_TURN_SECRET}",
            description = "The secret shared with the TURN server (coturn static-auth-secret): each peer gets credentials "
                    + "of its own, minted for --turn-ttl, in welcome and when it renews. Better given as env "
                    + "PEERHUB_TURN_SECRET than here, where other users of the machine can read it in the process list.")
    String turnSecret;

    @Option(names = "--turn-url", paramLabel = "URL", split = "[,\\s]+", splitSynopsisLabel = ",",
            defaultValue = "${PEERHUB_TURN_URLS}",
            description = "A turn: or turns: URL the minted credentials are for (repeatable; needs --turn-secret). "
                    + "Env PEERHUB_TURN_URLS (comma- or space-separated).")
    List<String> turnUrls;

    @Option(names = "--turn-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${PEERHUB_TURN_TTL:-1h}",
            description = "How long minted TURN credentials stay valid (at least 1m); clients renew them at 80%% of it. "
                    + "Env PEERHUB_TURN_TTL (default: ${DEFAULT-VALUE}).")
    Duration turnTtl;

    @Option(names = "--max-peers-per-room", paramLabel = "N", defaultValue = "${PEERHUB_MAX_PEERS_PER_ROOM:-50}",
            description = "Peers a room holds; more get room-full. Env PEERHUB_MAX_PEERS_PER_ROOM (default: ${DEFAULT-VALUE}).")
    int maxPeersPerRoom;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${PEERHUB_HEARTBEAT_INTERVAL:-10s}",
            description = "How often the server pings each client. Env PEERHUB_HEARTBEAT_INTERVAL (default: ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    @Option(names = "--heartbeat-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${PEERHUB_HEARTBEAT_TIMEOUT:-30s}",
            description = "Silence after which a client is dropped (4008); also the time allowed to join. "
                    + "Env PEERHUB_HEARTBEAT_TIMEOUT (default: ${DEFAULT-VALUE}).")
    Duration heartbeatTimeout;

    @Option(names = "--resume-window", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${PEERHUB_RESUME_WINDOW:-30s}",
            description = "How long a peer whose connection dropped may resume before the room is told it left. "
                    + "Env PEERHUB_RESUME_WINDOW (default: ${DEFAULT-VALUE}).")
    Duration resumeWindow;

    @Option(names = "--rate-limit", paramLabel = "PER_SECOND", defaultValue = "${PEERHUB_RATE_LIMIT:-50}",
            description = "Messages per second one connection may send on average. Env PEERHUB_RATE_LIMIT (default: ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(names = "--rate-burst", paramLabel = "N", defaultValue = "${PEERHUB_RATE_BURST:-200}",
            description = "Messages one connection may send at once. Env PEERHUB_RATE_BURST (default: ${DEFAULT-VALUE}).")
    int rateBurst;

    @Option(names = "--send-queue-limit", paramLabel = "SIZE", converter = SizeConverter.class,
            defaultValue = "${PEERHUB_SEND_QUEUE_LIMIT:-4MiB}",
            description = "Outbound data a slow client may have waiting before it is closed (1008). "
                    + "Env PEERHUB_SEND_QUEUE_LIMIT (default: ${DEFAULT-VALUE}).")
    long sendQueueLimit;

    @Option(names = "--node-id", paramLabel = "ID", defaultValue = "${PEERHUB_NODE_ID}",
            description = "This node's id among the nodes sharing a Redis (1-64 of A-Z a-z 0-9 _ . -). "
                    + "Env PEERHUB_NODE_ID (default: random per process).")
    String nodeId;

    @Option(names = "--redis", paramLabel = "URI", defaultValue = "${PEERHUB_REDIS}",
            description = "Share rooms with other nodes through this Redis: redis://host:6379/0, rediss:// (TLS), "
                    + "redis-sentinel://h1:26379,h2:26379/0#mymaster; with --redis-cluster, comma-separated seed "
                    + "URIs. Env PEERHUB_REDIS (default: none, one node, presence in memory).")
    String redis;

    @Option(names = "--redis-cluster", defaultValue = "${PEERHUB_REDIS_CLUSTER:-false}",
            description = "--redis names Redis Cluster seed nodes. Env PEERHUB_REDIS_CLUSTER (default: ${DEFAULT-VALUE}).")
    boolean redisCluster;

    @Option(names = "--redis-prefix", paramLabel = "PREFIX", defaultValue = "${PEERHUB_REDIS_PREFIX:-peerhub:}",
            description = "Put before every Redis key and channel. Env PEERHUB_REDIS_PREFIX (default: ${DEFAULT-VALUE}).")
    String redisPrefix;

    @Option(names = "--presence-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${PEERHUB_PRESENCE_TTL:-15s}",
            description = "How long a peer stays in Redis after its node's last refresh (nodes refresh every third "
                    + "of it): a killed node's peers leave their rooms after this. Env PEERHUB_PRESENCE_TTL "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration presenceTtl;

    @Option(names = "--peer-node-url", paramLabel = "WS_URL", split = "[,\\s]+", splitSynopsisLabel = ",",
            defaultValue = "${PEERHUB_PEER_NODE_URLS}",
            description = "Another node's public WebSocket URL (repeatable), handed to clients in welcome.servers "
                    + "to try when they reconnect. Nodes with --public-url also advertise themselves through Redis. "
                    + "Env PEERHUB_PEER_NODE_URLS (comma- or space-separated).")
    List<String> peerNodeUrls;

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN", split = "[,\\s]+", splitSynopsisLabel = ",",
            defaultValue = "${PEERHUB_ALLOWED_ORIGINS}",
            description = "A browser origin (https://host[:port]) whose pages may open the signaling socket besides "
                    + "the hub's own (repeatable). The hub's own: that of --public-url, else the one each request names "
                    + "in Host. Env PEERHUB_ALLOWED_ORIGINS (comma- or space-separated).")
    List<String> allowedOrigins;

    @Option(names = "--trusted-proxy", paramLabel = "ADDRESS[/BITS]", split = "[,\\s]+", splitSynopsisLabel = ",",
            defaultValue = "${PEERHUB_TRUSTED_PROXIES}",
            description = "A reverse proxy (address or CIDR block, repeatable) whose X-Forwarded-For names the client "
                    + "for the per-address limits. Env PEERHUB_TRUSTED_PROXIES (comma- or space-separated; default: none, "
                    + "the socket's address counts).")
    List<String> trustedProxies;

    @Option(names = "--max-connections-per-address", paramLabel = "N",
            defaultValue = "${PEERHUB_MAX_CONNECTIONS_PER_ADDRESS:-32}",
            description = "Open signaling connections one client address may hold; more get too-many-connections "
                    + "(4029); 0: no limit. Env PEERHUB_MAX_CONNECTIONS_PER_ADDRESS (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerAddress;

    @Option(names = "--max-joins-per-minute", paramLabel = "N", defaultValue = "${PEERHUB_MAX_JOINS_PER_MINUTE:-60}",
            description = "Joins one client address may send per minute; more get too-many-joins; 0: no limit. "
                    + "Env PEERHUB_MAX_JOINS_PER_MINUTE (default: ${DEFAULT-VALUE}).")
    int maxJoinsPerMinute;

    @Option(names = "--max-away-per-address", paramLabel = "N", defaultValue = "${PEERHUB_MAX_AWAY_PER_ADDRESS:-32}",
            description = "Peers one client address may have away (socket dropped, resumable) at once; a socket that "
                    + "drops past it leaves at once; 0: no limit. Env PEERHUB_MAX_AWAY_PER_ADDRESS "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxAwayPerAddress;

    @Option(names = "--max-held-bytes", paramLabel = "SIZE", converter = SizeConverter.class,
            defaultValue = "${PEERHUB_MAX_HELD_BYTES:-64MiB}",
            description = "Signals the node holds for all away peers together (each holds at most 64 or 256 KiB); "
                    + "past it a signal to an away peer gets away-full. Env PEERHUB_MAX_HELD_BYTES "
                    + "(default: ${DEFAULT-VALUE}).")
    long maxHeldBytes;

    @Option(names = "--max-send-queues", paramLabel = "SIZE", converter = SizeConverter.class,
            defaultValue = "${PEERHUB_MAX_SEND_QUEUES:-64MiB}",
            description = "What the node may have waiting to be sent to all its connections together; past it, a "
                    + "connection with more than 128 KiB waiting is closed (1008). Env PEERHUB_MAX_SEND_QUEUES "
                    + "(default: ${DEFAULT-VALUE}).")
    long maxSendQueues;

    @Option(names = "--policy", paramLabel = "FILE", defaultValue = "${PEERHUB_POLICY}",
            description = "The hub policy every client enforces (JSON if the name ends in .json, else YAML; "
                    + "docs/operations.md \"Hub policy\"). Checked at start-up: a mistake stops the server with its "
                    + "line. Read again when it changes; a broken edit is logged and the old policy stays. "
                    + "Env PEERHUB_POLICY.")
    String policyFile;

    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        int exit = new CommandLine(new Main()).execute(args);
        System.exit(exit);
    }

    /** The configuration the options describe. */
    ServerConfig config() {
        try {
            return new ServerConfig(bind, port, blankToNull(publicUrl),
                    IceServerOptions.build(iceServers, turnUsername, turnCredential, iceServersJson),
                    maxPeersPerRoom, heartbeatInterval, heartbeatTimeout, resumeWindow, rateLimit, rateBurst,
                    sendQueueLimit,
                    new ClusterConfig(nodeId == null || nodeId.isBlank() ? ClusterConfig.randomNodeId() : nodeId,
                            blankToNull(redis), redisCluster, redisPrefix, presenceTtl,
                            nonBlank(peerNodeUrls)),
                    new AccessConfig(nonBlank(allowedOrigins), nonBlank(trustedProxies), maxConnectionsPerAddress,
                            maxJoinsPerMinute, maxAwayPerAddress, maxHeldBytes, maxSendQueues),
                    turn(), blankToNull(policyFile) == null ? null : Path.of(policyFile));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        PeerhubServer server;
        try {
            server = PeerhubServer.start(config());
        } catch (PolicyFileException e) {
            System.err.println("peerhub-server: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        String url = server.publicUrl();
        // Made here and only printed: the process keeps no key, and the server never learns one.
        System.out.println("Peerhub is running. Open " + RoomKey.generate().link(url)
                + " (or " + url + "/ for a new room)");
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (RuntimeException | Error e) {
                LoggerFactory.getLogger(Main.class).error("shutdown failed", e);
            } finally {
                System.out.flush();
                stopped.countDown();
                // SIGTERM is how a service manager stops us on purpose: report success, not 143.
                Runtime.getRuntime().halt(0);
            }
        }, "peerhub-shutdown"));
        stopped.await();
        return 0;
    }

    /** Null without a secret and URLs; either without the other is a mistake worth stopping for. */
    private TurnConfig turn() {
        List<String> urls = nonBlank(turnUrls);
        String secret = blankToNull(turnSecret);
        if (secret == null && urls.isEmpty()) {
            return null;
        }
        if (secret == null) {
            throw new IllegalArgumentException("--turn-url needs --turn-secret (or PEERHUB_TURN_SECRET)");
        }
        return new TurnConfig(secret, urls, turnTtl);
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> !v.isBlank()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
