package io.peerhub.peer.share;

import io.peerhub.protocol.peer.Shares;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How many queries each peer may still ask: a token bucket per peer of {@link
 * Shares#QUERIES_PER_SECOND} a second and bursts of twice that, so a person typing is always
 * answered and a flood costs the sharer one map lookup per dropped query.
 */
final class QueryBudget {

    static final int BURST = 2 * Shares.QUERIES_PER_SECOND;
    private static final long NANOS_PER_TOKEN = 1_000_000_000L / Shares.QUERIES_PER_SECOND;

    private static final class Bucket {
        double tokens = BURST;
        long at;
        long dropped;
        long lastReport;
    }

    /** What one query's turn came to: answered or not, and how many were dropped to report (0: none to log now). */
    record Turn(boolean answer, long droppedToReport) {}

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanos;

    QueryBudget(LongSupplier nanos) {
        this.nanos = nanos;
    }

    Turn take(String peer) {
        long now = nanos.getAsLong();
        Bucket b = buckets.computeIfAbsent(peer, p -> {
            Bucket n = new Bucket();
            n.at = now;
            n.lastReport = now - 1_000_000_000L;
            return n;
        });
        synchronized (b) {
            b.tokens = Math.min(BURST, b.tokens + (double) (now - b.at) / NANOS_PER_TOKEN);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return new Turn(true, 0);
            }
            b.dropped++;
            // One log line a second per flooding peer, not one per dropped query.
            if (now - b.lastReport >= 1_000_000_000L) {
                long report = b.dropped;
                b.dropped = 0;
                b.lastReport = now;
                return new Turn(false, report);
            }
            return new Turn(false, 0);
        }
    }

    void forget(String peer) {
        buckets.remove(peer);
    }
}
