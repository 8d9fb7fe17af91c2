package io.peerhub.server.transport;

import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.peerhub.protocol.Protocol;
import io.peerhub.server.signaling.Client;
import io.peerhub.server.signaling.Dispatcher;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Javalin/Jetty glue of {@code /ws}: each WebSocket event goes to the {@link Dispatcher}. */
public final class SignalingEndpoint {

    private static final Logger log = LoggerFactory.getLogger(SignalingEndpoint.class);

    /**
     * Jetty's own cap on a text frame. Frames between {@link Protocol#MAX_MESSAGE_BYTES} and this
     * reach the codec and get a {@code too-large} error with the connection kept; only frames past
     * it, which no honest client sends, make Jetty close the connection (1009). Twice the protocol's
     * cap: a client that overshoots is told why, while what a connection makes Jetty gather (and
     * copy into a string) stays small; at 1 MiB the socket fuzz's oversized frames took the heap to
     * 190 MiB and left the node's RSS 1.6 times what it was.
     */
    static final int JETTY_MAX_MESSAGE_BYTES = 2 * Protocol.MAX_MESSAGE_BYTES;
    static final String PERMESSAGE_DEFLATE = "permessage-deflate";
    private static final int SWITCHING_PROTOCOLS = 101;

    private final Dispatcher dispatcher;
    private final long maxQueuedBytes;
    private final ClientAddresses addresses;
    private final Map<String, Entry> open = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private record Entry(WsConnection connection, Client client) {}

    private record Closing(int code, String reason) {}

    private volatile Closing closingAll;
    /**
     * Upgrades past the origin check whose {@code onConnect} has not run yet. Jetty sends the 101
     * before it opens the session, so a client can be connected, from its side, while this node
     * does not know it yet: shutdown waits for these too, or it stops Jetty under them (1006).
     */
    private final AtomicInteger upgrading = new AtomicInteger();
    private final Object settled = new Object();

    private final SendBudget budget;

    /**
     * @param maxQueuedBytes      what one connection may have waiting to be sent
     * @param maxQueuedBytesTotal what all of them may have together; past it, those with more than
     *                            {@code fairQueueBytes} waiting are cut off
     */
    public SignalingEndpoint(Dispatcher dispatcher, long maxQueuedBytes, long maxQueuedBytesTotal, long fairQueueBytes,
                             ClientAddresses addresses) {
        this.dispatcher = dispatcher;
        this.maxQueuedBytes = maxQueuedBytes;
        this.budget = new SendBudget(maxQueuedBytesTotal, fairQueueBytes);
        this.addresses = addresses;
    }

    /** Characters waiting to be sent to all connections (a gauge). */
    public long queuedBytes() {
        return budget.queued();
    }

    /**
     * Jetty's limits. The idle timeout is past the heartbeat timeout, so the heartbeat, which tells
     * the client why, is always the one that drops a silent connection.
     */
    public static void configure(JettyWebSocketServletFactory factory, Duration heartbeatTimeout, Duration heartbeatInterval) {
        factory.setMaxTextMessageSize(JETTY_MAX_MESSAGE_BYTES);
        factory.setMaxBinaryMessageSize(JETTY_MAX_MESSAGE_BYTES);
        factory.setIdleTimeout(heartbeatTimeout.plus(heartbeatInterval).multipliedBy(2));
    }

    /**
     * Takes permessage-deflate off the extensions {@code /ws} may negotiate, once the context has
     * started (Jetty makes its WebSocket components then) and before the connectors accept anyone.
     * Why: a deflated frame of 1 KB inflates to 1 MB, and the message size limit bounds the result,
     * not the work of inflating, so 16 MiB sent made a node inflate 15.5 GiB (41 s of CPU). Signaling
     * frames are small JSON that compression barely shrinks, so it buys nothing worth that surface.
     * A client that sets RSV1 anyway breaks the protocol and is closed (1002) before anything is inflated.
     */
    public static void withoutCompression(ServletContextHandler context) {
        context.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarted(LifeCycle event) {
                WebSocketServerComponents.getWebSocketComponents(context).getExtensionRegistry()
                        .unregister(PERMESSAGE_DEFLATE);
            }
        });
    }

    /** Runs after the origin check has let an upgrade through: counts it until it opens. */
    public void beforeUpgrade(Context ctx) {
        upgrading.incrementAndGet();
    }

    /** Runs after Jetty answered the upgrade: one that was refused (no 101) will never open. */
    public void afterUpgrade(Context ctx) {
        if (ctx.res().getStatus() != SWITCHING_PROTOCOLS) {
            upgraded();
        }
    }

    public void routes(WsConfig ws) {
        ws.onConnect(ctx -> {
            WsConnection connection = new WsConnection(ctx.session, "c" + ids.incrementAndGet(), maxQueuedBytes, budget);
            String address = addresses.of(((InetSocketAddress) ctx.session.getRemoteSocketAddress()).getAddress(),
                    ctx.session.getUpgradeRequest().getHeaders("X-Forwarded-For"));
            open.put(ctx.sessionId(), new Entry(connection, dispatcher.connected(connection, address)));
            Closing all = closingAll;
            if (all != null) {
                // Opened while the node was shutting down (its 101 went out before closeAll ran):
                // it gets the same close, not a dropped socket (1006) when Jetty stops.
                connection.close(all.code(), all.reason());
            }
            upgraded();
        });
        ws.onMessage(ctx -> withClient(ctx, client -> dispatcher.onText(client, ctx.message())));
        ws.onBinaryMessage(ctx -> withClient(ctx, dispatcher::onBinary));
        ws.onClose(ctx -> {
            Entry entry = open.remove(ctx.sessionId());
            if (entry != null) {
                dispatcher.disconnected(entry.client(), ctx.status());
                wake();
            }
        });
        ws.onError(ctx -> log.debug("websocket error on {}: {}", ctx.sessionId(), String.valueOf(ctx.error())));
    }

    /** Queues {@code message} on every open connection (before a drain's close). */
    public void sendToAll(io.peerhub.protocol.ServerMessage message) {
        open.values().forEach(entry -> entry.client().send(message));
    }

    /** Starts closing every open connection with {@code code}, and every one that opens from now on. */
    public void closeAll(int code, String reason) {
        // Set before the sweep: a connection registering meanwhile is either swept or sees this.
        closingAll = new Closing(code, reason);
        open.values().forEach(entry -> entry.connection().close(code, reason));
    }

    /**
     * Waits until every connection has closed and no upgrade is still opening, or {@code timeout}
     * has passed; returns whether it settled.
     */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (settled) {
            while (!open.isEmpty() || upgrading.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                settled.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    private void upgraded() {
        upgrading.decrementAndGet();
        wake();
    }

    private void wake() {
        synchronized (settled) {
            settled.notifyAll();
        }
    }

    private void withClient(WsContext ctx, Consumer<Client> action) {
        Entry entry = open.get(ctx.sessionId());
        if (entry != null) {
            action.accept(entry.client());
        }
    }
}
