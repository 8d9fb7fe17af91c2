package io.peerhub.server.signaling;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a peer whose socket dropped in its room, away, for the resume window. The room is not
 * told, so peer-to-peer connections that still work keep working; if the peer has not resumed
 * when the window ends, it leaves.
 */
final class ResumeWindow {

    private static final Logger log = LoggerFactory.getLogger(ResumeWindow.class);

    private final RoomRegistry registry;
    private final ScheduledExecutorService scheduler;
    private final Duration window;

    ResumeWindow(RoomRegistry registry, ScheduledExecutorService scheduler, Duration window) {
        this.registry = registry;
        this.scheduler = scheduler;
        this.window = window;
    }

    /**
     * The peer's socket dropped; {@code awayPlace} gives back the place it takes among its
     * address's away peers. Caller holds the room's lock.
     */
    void start(Session session, Runnable awayPlace) {
        long epoch = session.goAway(awayPlace);
        log.debug("away peer={} room={}", session.peerId(), LogFormat.room(session.room().id()));
        try {
            scheduler.schedule(() -> expire(session, epoch), window.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // The server is stopping: every room goes with it.
        }
    }

    /** A resume needs no cancel: the epoch check makes this a no-op once the peer came back. */
    private void expire(Session session, long epoch) {
        synchronized (session.room()) {
            if (session.isAwaySince(epoch)) {
                registry.remove(session, LeaveReason.RESUME_EXPIRED);
            }
        }
    }
}
