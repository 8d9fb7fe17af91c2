package io.peerhub.server;

import io.javalin.Javalin;
import io.peerhub.protocol.CloseCodes;
import io.peerhub.server.http.StaticAssets;
import io.peerhub.server.http.WebPages;
import io.peerhub.server.signaling.Signaling;
import io.peerhub.server.transport.SignalingEndpoint;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Peerhub server: the web client's pages and assets, and the signaling WebSocket at
 * {@code /ws}. Used by {@link Main} and by tests:
 *
 * <pre>{@code
 * try (PeerhubServer server = PeerhubServer.start(ServerConfig.defaults().withBind("127.0.0.1").withPort(0))) {
 *     String room = server.baseUrl() + "/r/" + Ids.newRoomId();
 * }
 * }</pre>
 */
public final class PeerhubServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerhubServer.class);
    /** How long shutdown waits for clients to answer the 1012 close before Jetty stops anyway. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final ServerConfig config;
    private final Signaling signaling;
    private final SignalingEndpoint endpoint;
    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PeerhubServer(ServerConfig config) {
        this.config = config;
        this.signaling = new Signaling(new Signaling.Settings(config.iceServers(), config.maxPeersPerRoom(),
                config.heartbeatInterval(), config.heartbeatTimeout(), config.resumeWindow(),
                config.rateLimitPerSecond(), config.rateLimitBurst()));
        this.endpoint = new SignalingEndpoint(signaling.dispatcher(), config.maxQueuedBytes());
        WebPages pages = new WebPages();
        StaticAssets assets = new StaticAssets();
        this.app = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.startup.showOldJavalinVersionWarning = false;
            javalin.jetty.modifyWebSocketServletFactory(factory ->
                    SignalingEndpoint.configure(factory, config.heartbeatTimeout(), config.heartbeatInterval()));
            pages.routes(javalin.routes);
            assets.routes(javalin.routes);
            javalin.routes.ws("/ws", endpoint::routes);
        });
    }

    /** Starts a server; with port 0 it listens on a free port, see {@link #port()}. */
    public static PeerhubServer start(ServerConfig config) {
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

    /**
     * Closes every socket with 1012 (service restart: clients reconnect and resume), waits briefly
     * for them to close, and stops. Safe to call more than once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        endpoint.closeAll(CloseCodes.SERVICE_RESTART, "server shutting down");
        try {
            signaling.clients().awaitEmpty(CLOSE_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        signaling.close();
        app.stop();
        log.info("stopped");
    }
}
