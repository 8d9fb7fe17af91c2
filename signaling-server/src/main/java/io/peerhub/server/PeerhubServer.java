package io.peerhub.server;

import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.peerhub.protocol.CloseCodes;
import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.ProtocolException;
import io.peerhub.server.http.OpsRoutes;
import io.peerhub.server.http.AppShell;
import io.peerhub.server.http.StaticAssets;
import io.peerhub.server.http.WebPages;
import io.peerhub.server.metrics.SignalingMetrics;
import io.peerhub.protocol.policy.HubPolicy;
import io.peerhub.server.policy.PolicyWatch;
import io.peerhub.server.presence.InMemoryPresence;
import io.peerhub.server.presence.PresenceStore;
import io.peerhub.server.presence.redis.RedisPresence;
import io.peerhub.server.presence.redis.RedisSettings;
import io.peerhub.server.signaling.Signaling;
import io.peerhub.server.transport.ClientAddresses;
import io.peerhub.server.transport.OriginCheck;
import io.peerhub.server.transport.NoSessions;
import io.peerhub.server.transport.SignalingEndpoint;
import io.peerhub.server.turn.IceServerIssuer;
import io.peerhub.server.turn.TurnCredentials;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Peerhub server: the web client's pages and assets, and the signaling WebSocket at
 * {@code /ws}. Used by {@link Main} and by tests:
 *
 * <pre>{@code
 * try (PeerhubServer server = PeerhubServer.start(ServerConfig.defaults().withBind("127.0.0.1").withPort(0))) {
 *     String room = RoomKey.generate().link(server.baseUrl());
 * }
 * }</pre>
 */
public final class PeerhubServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerhubServer.class);
    /** How long shutdown waits for clients to answer the 1012 close before Jetty stops anyway. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final ServerConfig config;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Signaling signaling;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private volatile boolean draining;
    private final SignalingEndpoint endpoint;
    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PolicyWatch policyWatch;

    private PeerhubServer(ServerConfig config) {
        this.config = config;
        ClusterConfig cluster = config.cluster();
        PresenceStore store = presenceStore(config);
        SignalingMetrics metrics = new SignalingMetrics(meters);
        this.signaling = new Signaling(new Signaling.Settings(iceServerIssuer(config), config.maxPeersPerRoom(),
                config.heartbeatInterval(), config.heartbeatTimeout(), config.resumeWindow(),
                config.rateLimitPerSecond(), config.rateLimitBurst(), cluster.presenceTtl().dividedBy(3),
                cluster.peerNodeUrls(), config.publicWebSocketUrl(), config.access().maxConnectionsPerAddress(),
                config.access().maxJoinsPerMinute(), config.access().maxAwayPerAddress(),
                config.access().maxHeldBytes()), store, metrics);
        metrics.gauge("peerhub.connections", "Open signaling WebSocket connections", () -> signaling.clients().size());
        metrics.gauge("peerhub.rooms", "Rooms with at least one peer on this node", () -> signaling.rooms().roomCount());
        metrics.gauge("peerhub.held.bytes", "Characters of signals held for away peers (bounded by --max-held-bytes)",
                signaling::heldChars);
        metrics.gauge("peerhub.redis.up", "1 while Redis (or the in-memory store) answers, else 0",
                () -> store.isAvailable() ? 1 : 0);
        if (store instanceof RedisPresence redis) {
            metrics.counterFrom("peerhub.redis.errors", "Lost Redis connections, and Redis commands that failed, were refused or timed out",
                    redis, RedisPresence::errorCount);
            metrics.counterFrom("peerhub.cluster.events.dropped", "Events from other nodes dropped because this node fell behind",
                    redis, RedisPresence::droppedEventCount);
        }
        new JvmMemoryMetrics().bindTo(meters);
        gcMetrics.bindTo(meters);
        OpsRoutes ops = new OpsRoutes(this::notReadyReason, meters);
        this.endpoint = new SignalingEndpoint(signaling.dispatcher(), config.maxQueuedBytes(),
                config.access().maxQueuedBytesTotal(), AccessConfig.FAIR_QUEUE_BYTES,
                new ClientAddresses(config.access().trustedProxies()));
        metrics.gauge("peerhub.send.queued.bytes", "Characters waiting to be sent to all connections (bounded by --max-send-queues)",
                endpoint::queuedBytes);
        OriginCheck originCheck = new OriginCheck(config.publicUrl(), config.access().allowedOrigins(),
                () -> knownNodeUrls(cluster, store), metrics::originRefused);
        WebPages pages = new WebPages();
        StaticAssets assets = new StaticAssets();
        AppShell shell = new AppShell();
        this.app = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.startup.showOldJavalinVersionWarning = false;
            javalin.jetty.modifyServletContextHandler(SignalingEndpoint::withoutCompression);
            javalin.jetty.modifyServletContextHandler(NoSessions::on);
            javalin.jetty.modifyWebSocketServletFactory(factory ->
                    SignalingEndpoint.configure(factory, config.heartbeatTimeout(), config.heartbeatInterval()));
            pages.routes(javalin.routes);
            ops.routes(javalin.routes);
            assets.routes(javalin.routes);
            shell.routes(javalin.routes);
            javalin.routes.wsBeforeUpgrade("/ws", originCheck);
            javalin.routes.wsBeforeUpgrade("/ws", endpoint::beforeUpgrade);
            javalin.routes.wsAfterUpgrade("/ws", endpoint::afterUpgrade);
            javalin.routes.ws("/ws", endpoint::routes);
        });
        // Last: a policy file with a mistake stops the server before it listens.
        this.policyWatch = config.policyFile() == null ? null
                : PolicyWatch.start(config.policyFile(), PolicyWatch.DEFAULT_INTERVAL, signaling::publishPolicy);
        if (policyWatch != null) {
            signaling.publishPolicy(policyWatch.current());
        }
    }

    private static IceServerIssuer iceServerIssuer(ServerConfig config) {
        TurnConfig turn = config.turn();
        return new IceServerIssuer(config.iceServers(), turn == null ? null
                : new TurnCredentials(turn.secret(), turn.urls(), turn.ttl(), Clock.systemUTC()));
    }

    private static PresenceStore presenceStore(ServerConfig config) {
        ClusterConfig cluster = config.cluster();
        RedisSettings redis = cluster.redis();
        return redis == null
                ? new InMemoryPresence(cluster.nodeId(), config.publicWebSocketUrl())
                : new RedisPresence(redis, cluster.nodeId(), config.publicWebSocketUrl());
    }

    /** The other nodes a page served by one of them may reconnect to this one from. */
    private static List<String> knownNodeUrls(ClusterConfig cluster, PresenceStore store) {
        List<String> urls = new ArrayList<>(cluster.peerNodeUrls());
        urls.addAll(store.nodeUrls());
        return urls;
    }

    /** Null when ready; else the reason {@code /readyz} gives. */
    private String notReadyReason() {
        if (draining) {
            return "draining";
        }
        return signaling.presence().isAvailable() ? null : "redis unreachable";
    }

    /**
     * The hub policy in force (from {@code --policy}, as last read), or null without one.
     */
    public HubPolicy policy() {
        return signaling.policy();
    }

    /** Starts a server; with port 0 it listens on a free port, see {@link #port()}. */
    public static PeerhubServer start(ServerConfig config) {
        config.startupWarnings().forEach(warning -> log.warn("{}", warning));
        PeerhubServer server = new PeerhubServer(config);
        server.app.start(config.bind(), config.port());
        server.signaling.start();
        log.info("listening on {}:{}", config.bind(), server.port());
        return server;
    }

    /** The port the server listens on (the free one picked when configured with 0). */
    public int port() {
        return app.port();
    }

    /**
     * A URL that reaches this server from this machine, without a trailing slash, e.g.
     * {@code http://127.0.0.1:41234}. A wildcard bind address is reached through the loopback address.
     */
    public String baseUrl() {
        String host = switch (config.bind()) {
            case "0.0.0.0", "" -> "127.0.0.1";
            case "::", "[::]", "::0" -> "[::1]";
            default -> config.bind().contains(":") && !config.bind().startsWith("[") ? "[" + config.bind() + "]" : config.bind();
        };
        return "http://" + host + ":" + port();
    }

    /** The URL people open: the configured public URL, else {@code http://localhost:PORT}. */
    public String publicUrl() {
        return config.publicUrl() != null ? config.publicUrl() : "http://localhost:" + port();
    }

    /** The signaling WebSocket's URL, from {@link #baseUrl()}. */
    public String webSocketUrl() {
        return baseUrl().replaceFirst("^http", "ws") + "/ws";
    }

    public ServerConfig config() {
        return config;
    }

    /** Open signaling connections (for tests and health). */
    public int connectionCount() {
        return signaling.clients().size();
    }

    /** Rooms with at least one peer, present or away. */
    public int roomCount() {
        return signaling.rooms().roomCount();
    }

    /** This node's id among the nodes. */
    public String nodeId() {
        return config.cluster().nodeId();
    }

    /**
     * Drains and stops: {@code /readyz} turns 503 so the load balancer sends no one new; with Redis,
     * each client gets {@code error} {@code draining} and, like everyone, a 1012 close (service
     * restart): clients reconnect, to another node, and resume there, taking their peer over. This
     * node leaves its peers' records in Redis for that. Waits briefly for the sockets to close.
     * Safe to call more than once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        draining = true;
        signaling.stopPresence();
        if (config.cluster().redis() != null) {
            endpoint.sendToAll(new ProtocolException(ErrorCode.DRAINING,
                    "this node is shutting down: reconnect, to another server if you know one, and resume").toMessage());
        }
        endpoint.closeAll(CloseCodes.SERVICE_RESTART, "server shutting down");
        try {
            endpoint.awaitClosed(CLOSE_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (policyWatch != null) {
            policyWatch.close();
        }
        signaling.close();
        gcMetrics.close();
        app.stop();
        log.info("stopped");
    }
}
