package io.peerhub.server.transport;

import io.peerhub.server.signaling.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jetty WebSocket with a bounded outbound queue. Sends use Jetty's asynchronous
 * {@code sendText}, which queues frames in order and writes them when the socket can take them, so
 * no thread ever waits on a slow client. What is queued and not yet written is counted; a client
 * that lets more than the limit pile up is not reading, and is closed with 1008.
 */
final class WsConnection implements Connection {

    private static final Logger log = LoggerFactory.getLogger(WsConnection.class);
    private static final int POLICY_VIOLATION = 1008;
    private static final Duration REFUSED_GRACE = Duration.ofSeconds(2);

    private final Session socket;
    private final String id;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();

    private final SendBudget budget;

    WsConnection(Session socket, String id, long maxQueuedBytes, SendBudget budget) {
        this.socket = socket;
        this.id = id;
        this.maxQueuedBytes = maxQueuedBytes;
        this.budget = budget;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void send(String frame) {
        if (closing.get()) {
            return;
        }
        // UTF-16 length: not the byte count, but the same order, and bounding is all it is for.
        long size = frame.length();
        long own = queuedBytes.addAndGet(size);
        if (own > maxQueuedBytes) {
            queuedBytes.addAndGet(-size);
            log.info("closing conn={}: more than {} bytes waiting to be sent", id, maxQueuedBytes);
            // Not on this thread: the caller may hold a room lock, and a close can report back at once.
            CompletableFuture.runAsync(this::cutOff);
            return;
        }
        if (!budget.take(size, own)) {
            queuedBytes.addAndGet(-size);
            log.info("closing conn={}: the node's send budget is spent and {} bytes wait for this connection", id, own);
            CompletableFuture.runAsync(this::cutOff);
            return;
        }
        socket.sendText(frame, Callback.from(() -> sent(size), failure -> {
            sent(size);
            log.debug("send to conn={} failed: {}", id, failure.toString());
        }));
    }

    private void sent(long size) {
        queuedBytes.addAndGet(-size);
        budget.release(size);
    }

    /**
     * A client that does not read will not read a close frame either, so the close handshake would
     * only end with Jetty's idle timeout: the 1008 close is queued and the connection dropped at once.
     * The peer goes away (not left): a client on a bad network may still resume.
     */
    private void cutOff() {
        close(POLICY_VIOLATION, "send queue overflow");
        socket.disconnect();
    }

    /**
     * The close frame goes after what is queued, and the socket is dropped {@link #REFUSED_GRACE}
     * later, answered or not: an honest client answers the close at once (and a client library may
     * drop the frames before a close it reads with the connection already gone), a hostile one
     * holding thousands of refused connections open no longer keeps them.
     */
    @Override
    public void refuse(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            socket.close(code, reason, Callback.NOOP);
            // Not isOpen(): that is false as soon as our close is sent, while the socket lives on.
            CompletableFuture.delayedExecutor(REFUSED_GRACE.toMillis(), TimeUnit.MILLISECONDS).execute(socket::disconnect);
        }
    }

    @Override
    public void close(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            socket.close(code, reason, Callback.NOOP);
        }
    }
}
