package io.peerhub.testkit;

import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.ClientMessage;
import io.peerhub.protocol.ErrorMessage;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.Ping;
import io.peerhub.protocol.Pong;
import io.peerhub.protocol.ServerMessage;
import io.peerhub.protocol.Welcome;
import io.peerhub.protocol.trust.RoomKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/**
 * A signaling client for tests and benchmarks, speaking the JSON protocol over a WebSocket
 * ({@code java.net.http}): sends frames, collects what the server sends in an inbox, and waits for a
 * message of a given type. Server pings are answered (unless told not to) and kept out of the inbox,
 * so the inbox holds exactly the messages a test cares about. Under load, {@link #onMessage} hands
 * messages to a callback instead, so that nothing piles up.
 *
 * <p>Threading: the socket's listener thread fills the inbox; a test's thread takes from it. Sends
 * are serialized, since a WebSocket takes one frame at a time.
 */
public final class TestClient implements AutoCloseable {

    /** How long a test waits for the server: long enough for a loaded two-core machine. */
    public static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(5);
    private static final MessageCodec CODEC = new MessageCodec();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<ServerMessage> inbox = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final CompletableFuture<Welcome> firstWelcome = new CompletableFuture<>();
    private final AtomicInteger pingsReceived = new AtomicInteger();
    private volatile WebSocket socket;
    private volatile Consumer<ServerMessage> handler;
    private volatile boolean answerPings = true;
    private volatile boolean reading = true;
    private volatile Welcome welcome;
    private volatile RoomKey room;

    private TestClient() {}

    /** Connects to a signaling WebSocket ({@code ws://HOST:PORT/ws}). */
    public static TestClient connect(String webSocketUrl) {
        return open(webSocketUrl).join();
    }

    /**
     * Connects with these extra handshake headers ({@code Origin}, {@code X-Forwarded-For}); a
     * refused handshake completes exceptionally with a {@link java.net.http.WebSocketHandshakeException}.
     */
    public static CompletableFuture<TestClient> connect(String webSocketUrl, Map<String, String> headers) {
        return open(webSocketUrl, headers);
    }

    /** Connects to {@code webSocketUrl} and joins {@code room} as a browser; returns once welcomed. */
    public static TestClient joined(String webSocketUrl, RoomKey room, String name) {
        TestClient client = connect(webSocketUrl);
        client.join(room, name);
        return client;
    }

    /**
     * Connects and joins without blocking the caller, completing with the welcome (which is not left
     * in the inbox): for a benchmark that keeps many joins in flight.
     */
    public static CompletableFuture<TestClient> joining(String webSocketUrl, RoomKey room, String name, ClientKind kind) {
        return open(webSocketUrl).thenCompose(client -> {
            client.room = room;
            client.send(Join.fresh(room, name, kind));
            return client.firstWelcome.thenApply(w -> {
                client.welcome = client.take(Welcome.class);
                return client;
            });
        });
    }

    private static CompletableFuture<TestClient> open(String webSocketUrl) {
        return open(webSocketUrl, Map.of());
    }

    private static CompletableFuture<TestClient> open(String webSocketUrl, Map<String, String> headers) {
        TestClient client = new TestClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        headers.forEach(builder::header);
        return builder.buildAsync(URI.create(webSocketUrl), client.new Listener()).thenApply(ws -> {
            client.socket = ws;
            return client;
        });
    }

    public Welcome join(RoomKey room, String name) {
        return join(room, name, ClientKind.BROWSER);
    }

    public Welcome join(RoomKey room, String name, ClientKind kind) {
        send(Join.fresh(room, name, kind));
        this.room = room;
        return welcome = await(Welcome.class);
    }

    public Welcome resume(RoomKey room, String name, String token) {
        send(Join.resuming(room, name, ClientKind.BROWSER, token));
        this.room = room;
        return welcome = await(Welcome.class);
    }

    /** The room (its key) of the last join. */
    public RoomKey room() {
        return room;
    }

    /** The peer id from the last welcome. */
    public String id() {
        return welcome.self().id();
    }

    public Welcome welcome() {
        return welcome;
    }

    /** Stops taking frames off the socket, as a stalled client would; the server's sends pile up. */
    public TestClient stopReading() {
        reading = false;
        return this;
    }

    public TestClient silentOnPings() {
        answerPings = false;
        return this;
    }

    public int pingsReceived() {
        return pingsReceived.get();
    }

    /** From now on every message but pings goes to {@code handler}, not to the inbox. */
    public void onMessage(Consumer<ServerMessage> handler) {
        this.handler = handler;
    }

    public void send(ClientMessage message) {
        send(CODEC.encode(message));
    }

    public synchronized void send(String frame) {
        socket.sendText(frame, true).join();
    }

    public synchronized void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Takes the first message of this type from the inbox, waiting for it if needed. */
    public <M extends ServerMessage> M await(Class<M> type) {
        return type.cast(Awaitility.await().pollDelay(Duration.ZERO).pollInterval(POLL).atMost(WAIT)
                .until(() -> take(type), m -> m != null));
    }

    /** Waits for an error and returns its wire code. */
    public String awaitError() {
        return await(ErrorMessage.class).code().wire();
    }

    /** The messages received and not yet taken. */
    public synchronized List<ServerMessage> inbox() {
        return List.copyOf(inbox);
    }

    /** Whether a message of this type is in the inbox (not taken). */
    public synchronized boolean has(Class<? extends ServerMessage> type) {
        return inbox.stream().anyMatch(type::isInstance);
    }

    /** Waits until the server closes the connection; returns the close code. */
    public int awaitClose() {
        return closed.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Drops the TCP connection without a close frame, as a lost network would (the server sees 1006). */
    public void drop() {
        socket.abort();
    }

    /** A normal close (1000), as a closed tab. */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            } catch (RuntimeException alreadyGone) {
                // closed from the other side meanwhile
            }
        }
        socket.abort();
    }

    private synchronized <M extends ServerMessage> M take(Class<M> type) {
        for (int i = 0; i < inbox.size(); i++) {
            if (type.isInstance(inbox.get(i))) {
                return type.cast(inbox.remove(i));
            }
        }
        return null;
    }

    private void received(ServerMessage message) {
        Consumer<ServerMessage> h = handler;
        if (h != null) {
            h.accept(message);
            return;
        }
        synchronized (this) {
            inbox.add(message);
        }
        if (message instanceof Welcome w) {
            firstWelcome.complete(w);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            socket = ws; // before any frame arrives, so a ping can be answered however soon it comes
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                ServerMessage message = CODEC.decodeServer(partial.toString());
                partial.setLength(0);
                if (message instanceof Ping) {
                    pingsReceived.incrementAndGet();
                    if (answerPings) {
                        CompletableFuture.runAsync(() -> send(new Pong()));
                    }
                } else {
                    received(message);
                }
            }
            if (reading) {
                ws.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(1006);
        }
    }
}
