package io.peerhub.peer.transfer.receive;

import java.time.Duration;

/**
 * How long an accepted transfer may hold the drop's staging and memory without progress. One rule
 * serves both the squatter (an offer accepted and never sent: its record, its manifest in memory and
 * one of its sender's open transfers) and the abandoned transfer (a sender that never came back: its
 * staged bytes would stay for ever). Progress is a byte written or a file verified, or, for a
 * transfer that holds bytes, its sender coming back to resume; a frame that writes nothing, and a
 * sender that says hello again before sending a byte, cost nothing and so do not count. A transfer
 * that has no progress for its lifetime is cancelled with {@code timeout} and its folder deleted.
 *
 * @param unstarted lifetime of a transfer that holds no byte yet (its sender should start at once)
 * @param unfinished lifetime of a transfer that holds some bytes (the browser keeps its resume
 *                   record as long: docs/protocol.md, "What a receiver keeps")
 */
public record Lifetimes(Duration unstarted, Duration unfinished) {

    public static final Lifetimes DEFAULT = new Lifetimes(Duration.ofMinutes(2), Duration.ofHours(24));

    public Lifetimes {
        if (unstarted.isNegative() || unstarted.isZero() || unfinished.isNegative() || unfinished.isZero()) {
            throw new IllegalArgumentException("lifetimes must be positive");
        }
    }

    /** How long {@code t} may still go without progress at {@code now}; zero or less: expired. */
    long left(long lastProgress, long heldBytes, long now) {
        Duration life = heldBytes == 0 ? unstarted : unfinished;
        return lastProgress + life.toMillis() - now;
    }

    /** How often to look: often enough that nothing outlives its lifetime by more than a quarter. */
    Duration sweepEvery() {
        long shortest = Math.min(unstarted.toMillis(), unfinished.toMillis());
        return Duration.ofMillis(Math.max(250, Math.min(60_000, shortest / 4)));
    }
}
