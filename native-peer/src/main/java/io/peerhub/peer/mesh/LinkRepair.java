package io.peerhub.peer.mesh;

import io.peerhub.protocol.peer.RepairTimings;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairing one peer's connection while both peers stay in the room (docs/protocol.md
 * "Repairing a connection"), the browser's web-client/src/repair.ts in Java: it hears the link's
 * state and says when to restart ICE and when to rebuild the connection; the {@link Mesh} does
 * both. A {@code disconnected} link gets a grace first (it often heals by itself), a failed one
 * restarts ICE at once; an ICE restart that does not bring it back is followed by rebuilds with a
 * growing pause, and after the last one (each new connection counts on both sides, whoever made
 * it) the repair gives up until {@link #retry()} (the signaling is back). The impolite side leads;
 * the polite one waits twice as long at every step. A connection that never worked is left
 * failed (there is most likely no path at all, which restarts would not find): only the
 * signaling's return restarts its ICE.
 *
 * <p>Every event and every timer runs on one executor thread, in order, so the state needs no
 * lock; the actions run there too, never on a link's own thread (a rebuild closes that link,
 * which waits for its thread).
 */
final class LinkRepair {

    enum Phase { IDLE, WAITING, RESTARTING, REBUILDING, BACKING_OFF, GAVE_UP }

    /** What the repair has the mesh do; called on the repair's thread. */
    interface Actions {
        /** Restarts ICE on the current link; false when it cannot (the connection is closed). */
        boolean restartIce();

        /** Replaces the link with one of the next generation. */
        void rebuild();

        default void phase(Phase phase) {}
    }

    /** The schedule; {@link #DEFAULT} is the protocol's, tests take a faster one. */
    record Timing(Duration grace, Duration restart, Duration rebuild, Duration backoff, Duration backoffMax,
                  int maxRebuilds, int followerFactor) {

        static final Timing DEFAULT = new Timing(
                Duration.ofMillis(RepairTimings.REPAIR_GRACE_MILLIS),
                Duration.ofMillis(RepairTimings.REPAIR_RESTART_MILLIS),
                Duration.ofMillis(RepairTimings.REPAIR_REBUILD_MILLIS),
                Duration.ofMillis(RepairTimings.REPAIR_BACKOFF_MILLIS),
                Duration.ofMillis(RepairTimings.REPAIR_BACKOFF_MAX_MILLIS),
                RepairTimings.REPAIR_MAX_REBUILDS,
                RepairTimings.REPAIR_FOLLOWER_FACTOR);
    }

    private static final Logger log = LoggerFactory.getLogger(LinkRepair.class);
    /** Jitter shaves up to this fraction off a pause, so peers that broke together do not retry in step. */
    private static final double JITTER = 0.3;

    private final String peer;
    private final Actions actions;
    private final Timing timing;
    private final int factor;
    private final ScheduledExecutorService timers;
    private final Executor thread;

    // Repair-thread state.
    private Phase phase = Phase.IDLE;
    private ScheduledFuture<?> timer;
    /** Counts scheduled steps: a step that fires after it was replaced finds another number and does nothing. */
    private long step;
    private int rebuilds;
    private int pauses;
    private boolean stopped;
    /** The connection to this peer worked once: only then is it repaired. */
    private boolean everConnected;
    private Link.State lastState = Link.State.CONNECTING;

    /** @param timers a single-threaded scheduler: events and timers run on it, in order */
    LinkRepair(String peer, Actions actions, boolean leads, Timing timing, ScheduledExecutorService timers) {
        this.peer = peer;
        this.actions = actions;
        this.timing = timing;
        this.factor = leads ? 1 : timing.followerFactor();
        this.timers = timers;
        this.thread = command -> {
            try {
                timers.execute(command);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down
            }
        };
    }

    /** What the current link says about itself (any thread). */
    void linkState(Link.State state) {
        thread.execute(() -> onState(state));
    }

    /** The peer rebuilt the connection (a signal of a newer generation): watch the new one connect. */
    void replaced() {
        thread.execute(() -> {
            if (!stopped) {
                rebuilds++; // one more connection, whoever made it: both sides give up together
                watchRebuild();
            }
        });
    }

    /** The signaling is back: signals sent while it was away may be lost, so any repair starts over. */
    void retry() {
        thread.execute(() -> {
            if (stopped) {
                return;
            }
            if (!everConnected) {
                if (lastState == Link.State.FAILED) {
                    restartOnly();
                }
                return;
            }
            if (phase == Phase.IDLE) {
                return;
            }
            rebuilds = 0;
            pauses = 0;
            restart();
        });
    }

    /** The peer left or was cut off: nothing more to repair. */
    void stop() {
        thread.execute(() -> {
            stopped = true;
            cancel();
            set(Phase.IDLE);
        });
    }

    private void onState(Link.State state) {
        if (stopped) {
            return;
        }
        lastState = state;
        if (state == Link.State.CONNECTED) {
            everConnected = true;
            cancel();
            rebuilds = 0;
            pauses = 0;
            set(Phase.IDLE);
            return;
        }
        if (!everConnected) {
            return;
        }
        if (phase != Phase.IDLE && phase != Phase.WAITING) {
            return; // a step is under way
        }
        if (state == Link.State.FAILED) {
            if (factor == 1) {
                restart();
            } else if (phase == Phase.IDLE) {
                waitGrace();
            }
        } else if (state == Link.State.DISCONNECTED && phase == Phase.IDLE) {
            waitGrace();
        }
    }

    /** A connection that never worked, once the signaling is back: an ICE restart, nothing more. */
    private void restartOnly() {
        try {
            actions.restartIce();
        } catch (RuntimeException e) {
            log.debug("ICE restart toward {} failed: {}", peer, e.toString());
        }
    }

    private void waitGrace() {
        set(Phase.WAITING);
        after(timing.grace().toMillis() * factor, this::restart);
    }

    private void restart() {
        set(Phase.RESTARTING);
        boolean restarted;
        try {
            restarted = actions.restartIce();
        } catch (RuntimeException e) {
            log.debug("ICE restart toward {} failed: {}", peer, e.toString());
            restarted = false;
        }
        if (!restarted) {
            rebuild();
            return;
        }
        after(timing.restart().toMillis() * factor, this::rebuild);
    }

    private void rebuild() {
        if (rebuilds >= timing.maxRebuilds()) {
            cancel();
            set(Phase.GAVE_UP);
            log.warn("gave up repairing the connection to {} after {} rebuilds; trying again when signaling is back",
                    peer, rebuilds);
            return;
        }
        rebuilds++;
        watchRebuild();
        try {
            actions.rebuild();
        } catch (RuntimeException e) {
            log.warn("rebuilding the connection to {} failed", peer, e);
        }
    }

    private void watchRebuild() {
        set(Phase.REBUILDING);
        after(timing.rebuild().toMillis() * factor, () -> {
            if (rebuilds >= timing.maxRebuilds()) {
                rebuild(); // that was the last one: give up
                return;
            }
            set(Phase.BACKING_OFF);
            after(pause(), this::rebuild);
        });
    }

    /** The next pause between rebuilds: doubling from the first up to the cap, minus jitter. */
    private long pause() {
        long nominal = Math.min(timing.backoffMax().toMillis(), timing.backoff().toMillis() << Math.min(pauses, 20)) * factor;
        pauses++;
        return Math.round(nominal * (1 - JITTER * ThreadLocalRandom.current().nextDouble()));
    }

    private void after(long millis, Runnable next) {
        cancel();
        long mine = ++step;
        timer = timers.schedule(() -> {
            if (step == mine && !stopped) {
                timer = null;
                next.run();
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        step++;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void set(Phase next) {
        if (next == phase) {
            return;
        }
        phase = next;
        log.debug("repair of the connection to {}: {}", peer, next);
        actions.phase(next);
    }
}
