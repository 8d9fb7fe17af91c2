package io.peerhub.server.signaling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows a guesser: an address that sent more than {@link #MAX_WRONG} wrong admission proofs in the
 * current minute has every join refused with {@code proof-throttled} until the minute is over.
 * Per node, in memory: a guesser spread over nodes gets a few more tries, which against a 128-bit
 * secret changes nothing; what this stops is one client burning CPU and log lines at line rate.
 * The table is bounded; when full of live entries a new address goes uncounted rather than
 * evicting one that is being throttled.
 */
final class ProofThrottle {

    static final int MAX_WRONG = 10;
    static final long WINDOW_NANOS = 60_000_000_000L;
    static final int MAX_ADDRESSES = 50_000;

    private record Window(long startNanos, int wrong) {}

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    ProofThrottle(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Whether joins from {@code address} are refused for now. */
    boolean throttled(String address) {
        Window w = windows.get(address);
        return w != null && w.wrong > MAX_WRONG && nanoTime.getAsLong() - w.startNanos < WINDOW_NANOS;
    }

    /** {@code address} sent a wrong proof. */
    void wrong(String address) {
        long now = nanoTime.getAsLong();
        if (windows.size() >= MAX_ADDRESSES && !windows.containsKey(address)) {
            windows.values().removeIf(w -> now - w.startNanos >= WINDOW_NANOS);
            if (windows.size() >= MAX_ADDRESSES) {
                return;
            }
        }
        windows.compute(address, (a, w) -> w == null || now - w.startNanos >= WINDOW_NANOS
                ? new Window(now, 1) : new Window(w.startNanos, w.wrong + 1));
    }
}
