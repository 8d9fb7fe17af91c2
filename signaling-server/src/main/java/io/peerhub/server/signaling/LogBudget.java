package io.peerhub.server.signaling;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many lines of one kind the node may log: {@code burst} at once, then {@code perSecond}. What
 * clients send decides how often an error line is written, so without a budget a client could make
 * the log grow at its send rate (thousands of connections at 50 frames a second each). A line
 * that does not fit is counted, and the next one that does says how many were left out.
 *
 * <p>Threading: any thread.
 */
final class LogBudget {

    private final TokenBucket bucket;
    private final AtomicLong suppressed = new AtomicLong();

    LogBudget(double perSecond, int burst) {
        this.bucket = new TokenBucket(perSecond, burst, System.nanoTime());
    }

    /**
     * -1 when the line is to be left out; else how many were left out since the last one logged
     * (0 mostly), for that line to say.
     */
    long take() {
        if (!bucket.tryTake(System.nanoTime())) {
            suppressed.incrementAndGet();
            return -1;
        }
        return suppressed.getAndSet(0);
    }
}
