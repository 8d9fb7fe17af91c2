package io.peerhub.server.signaling;

/** A token bucket: {@code burst} messages at once, refilled at {@code perSecond}. */
final class TokenBucket {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    TokenBucket(double perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.capacity = burst;
        this.tokens = burst;
        this.refilledAt = nowNanos;
    }

    /** A full bucket of {@code factor} times this one's burst, refilled at the same rate. */
    TokenBucket scaled(int factor, long nowNanos) {
        return new TokenBucket(perNano * 1e9, (int) capacity * factor, nowNanos);
    }

    /** Takes one token if there is one. */
    synchronized boolean tryTake(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - refilledAt) * perNano);
        refilledAt = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Whether the bucket has refilled to its burst: it would answer exactly as a new one. */
    synchronized boolean isFull(long nowNanos) {
        return tokens + (nowNanos - refilledAt) * perNano >= capacity;
    }
}
