package io.peerhub.server.transport;

import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.peerhub.protocol.Protocol;
import io.peerhub.server.signaling.Client;
import io.peerhub.server.signaling.Dispatcher;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Javalin/Jetty glue of {@code /ws}: each WebSocket event goes to the {@link Dispatcher}. */
public final class SignalingEndpoint {

    private static final Logger log = LoggerFactory.getLogger(SignalingEndpoint.class);

    /**
     * Jetty's own cap on a text frame. Frames between {@link Protocol#MAX_MESSAGE_BYTES} and this
     * reach the codec and get a {@code too-large} error with the connection kept; only frames past
     * it, which no honest client sends, make Jetty close the connection (1009).
     */
    static final int JETTY_MAX_MESSAGE_BYTES = 1024 * 1024;

    private final Dispatcher dispatcher;
    private final long maxQueuedBytes;
    private final ClientAddresses addresses;
    private final Map<String, Entry> open = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private record Entry(WsConnection connection, Client client) {}

    public SignalingEndpoint(Dispatcher dispatcher, long maxQueuedBytes, ClientAddresses addresses) {
        this.dispatcher = dispatcher;
        this.maxQueuedBytes = maxQueuedBytes;
        this.addresses = addresses;
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

    public void routes(WsConfig ws) {
        ws.onConnect(ctx -> {
            WsConnection connection = new WsConnection(ctx.session, "c" + ids.incrementAndGet(), maxQueuedBytes);
            String address = addresses.of(((InetSocketAddress) ctx.session.getRemoteSocketAddress()).getAddress(),
                    ctx.session.getUpgradeRequest().getHeaders("X-Forwarded-For"));
            open.put(ctx.sessionId(), new Entry(connection, dispatcher.connected(connection, address)));
        });
        ws.onMessage(ctx -> withClient(ctx, client -> dispatcher.onText(client, ctx.message())));
        ws.onBinaryMessage(ctx -> withClient(ctx, dispatcher::onBinary));
        ws.onClose(ctx -> {
            Entry entry = open.remove(ctx.sessionId());
            if (entry != null) {
                dispatcher.disconnected(entry.client(), ctx.status());
            }
        });
        ws.onError(ctx -> log.debug("websocket error on {}: {}", ctx.sessionId(), String.valueOf(ctx.error())));
    }

    /** Queues {@code message} on every open connection (before a drain's close). */
    public void sendToAll(io.peerhub.protocol.ServerMessage message) {
        open.values().forEach(entry -> entry.client().send(message));
    }

    /** Starts closing every open connection with {@code code}. */
    public void closeAll(int code, String reason) {
        open.values().forEach(entry -> entry.connection().close(code, reason));
    }

    private void withClient(WsContext ctx, Consumer<Client> action) {
        Entry entry = open.get(ctx.sessionId());
        if (entry != null) {
            action.accept(entry.client());
        }
    }
}
