package io.peerhub.server.signaling;

import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.Ping;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every interval: ping each joined client and drop each one silent for the timeout (joined or not,
 * which makes it the join timeout too). A drop is seen at most one interval after the timeout.
 * Clients that have not joined are not pinged: {@code pong} before {@code join} is an error.
 */
final class Heartbeat {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    private static final Ping PING = new Ping();

    private final Clients clients;
    private final Departures departures;
    private final Duration interval;
    private final Duration timeout;

    Heartbeat(Clients clients, Departures departures, Duration interval, Duration timeout) {
        this.clients = clients;
        this.departures = departures;
        this.interval = interval;
        this.timeout = timeout;
    }

    void start(ScheduledExecutorService scheduler) {
        long nanos = interval.toNanos();
        scheduler.scheduleAtFixedRate(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    void tick() {
        // A task that throws is never run again: nothing may escape.
        try {
            long now = System.nanoTime();
            long timeoutNanos = timeout.toNanos();
            for (Client client : clients.snapshot()) {
                if (client.isClosed()) {
                    continue;
                }
                if (client.silentNanos(now) >= timeoutNanos) {
                    departures.expel(client, ErrorCode.HEARTBEAT_TIMEOUT,
                            "nothing received for " + timeout.toMillis() + " ms", LeaveReason.HEARTBEAT_TIMEOUT);
                } else if (client.session() != null) {
                    client.send(PING);
                }
            }
        } catch (RuntimeException e) {
            log.error("heartbeat tick failed", e);
        }
    }
}
