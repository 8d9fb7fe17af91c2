package io.peerhub.server;

import org.awaitility.Awaitility;

import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.ClientMessage;
import io.peerhub.protocol.ErrorMessage;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.Ping;
import io.peerhub.protocol.Pong;
import io.peerhub.protocol.ServerMessage;
import io.peerhub.protocol.Welcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A signaling client for tests: sends frames, collects what the server sends in an inbox, and
 * waits for a message of a given type. Server pings are answered (unless told not to) and kept
 * out of the inbox, so the inbox holds exactly the messages a test cares about.
 */
final class TestClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(5);
    private static final MessageCodec CODEC = new MessageCodec();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<ServerMessage> inbox = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger pingsReceived = new AtomicInteger();
    private final WebSocket socket;
    private volatile boolean answerPings = true;
    private volatile boolean reading = true;
    private volatile Welcome welcome;
    private volatile String room;

    private TestClient(String url) {
        socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(url), new Listener()).join();
    }

    static TestClient connect(PeerhubServer server) {
        return new TestClient(server.webSocketUrl());
    }

    /** Connects to a signaling WebSocket by URL (a server node in another process). */
    static TestClient connect(String webSocketUrl) {
        return new TestClient(webSocketUrl);
    }

    /** Connects to {@code webSocketUrl} and joins {@code room}; returns once welcomed. */
    static TestClient joined(String webSocketUrl, String room, String name) {
        TestClient client = connect(webSocketUrl);
        client.join(room, name);
        return client;
    }

    /** Connects and joins {@code room} as a browser named {@code name}; returns once welcomed. */
    static TestClient joined(PeerhubServer server, String room, String name) {
        TestClient client = connect(server);
        client.join(room, name);
        return client;
    }

    Welcome join(String room, String name) {
        send(Join.fresh(room, name, ClientKind.BROWSER));
        this.room = room;
        return welcome = await(Welcome.class);
    }

    Welcome resume(String room, String name, String token) {
        send(Join.resuming(room, name, ClientKind.BROWSER, token));
        this.room = room;
        return welcome = await(Welcome.class);
    }

    /** The room of the last join. */
    String room() {
        return room;
    }

    /** The peer id from the last welcome. */
    String id() {
        return welcome.self().id();
    }

    Welcome welcome() {
        return welcome;
    }

    /** Stops taking frames off the socket, as a stalled client would; the server's sends pile up. */
    TestClient stopReading() {
        reading = false;
        return this;
    }

    TestClient silentOnPings() {
        answerPings = false;
        return this;
    }

    int pingsReceived() {
        return pingsReceived.get();
    }

    void send(ClientMessage message) {
        send(CODEC.encode(message));
    }

    synchronized void send(String frame) {
        socket.sendText(frame, true).join();
    }

    synchronized void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Takes the first message of this type from the inbox, waiting for it if needed. */
    <M extends ServerMessage> M await(Class<M> type) {
        return type.cast(Awaitility.await().pollDelay(Duration.ZERO).pollInterval(POLL).atMost(WAIT)
                .until(() -> take(type), m -> m != null));
    }

    /** Waits for an error and returns its wire code. */
    String awaitError() {
        return await(ErrorMessage.class).code().wire();
    }

    /** The messages received and not yet taken. */
    synchronized List<ServerMessage> inbox() {
        return List.copyOf(inbox);
    }

    /** Whether a message of this type is in the inbox (not taken). */
    synchronized boolean has(Class<? extends ServerMessage> type) {
        return inbox.stream().anyMatch(type::isInstance);
    }

    /** Waits until the server closes the connection; returns the close code. */
    int awaitClose() {
        return closed.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Drops the TCP connection without a close frame, as a lost network would (the server sees 1006). */
    void drop() {
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

    private synchronized void received(ServerMessage message) {
        inbox.add(message);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

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
