package io.peerhub.server.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What waits to be sent to all of a node's connections together. Each connection is bounded on its
 * own; this bounds their sum, which slow readers from many addresses could otherwise raise to the
 * heap and past it. Over budget, the connections holding more than a fair share are the ones cut
 * off: an honest client that reads has little waiting, and keeps its connection.
 */
final class SendBudget {

    private final long max;
    private final long fairShare;
    private final AtomicLong queued = new AtomicLong();

    SendBudget(long max, long fairShare) {
        this.max = max;
        this.fairShare = fairShare;
    }

    /** Counts {@code size} more waiting; false when the node is over budget and this connection, with {@code own} waiting, holds more than its share. */
    boolean take(long size, long own) {
        long total = queued.addAndGet(size);
        if (total > max && own > fairShare) {
            queued.addAndGet(-size);
            return false;
        }
        return true;
    }

    void release(long size) {
        queued.addAndGet(-size);
    }

    long queued() {
        return queued.get();
    }
}
