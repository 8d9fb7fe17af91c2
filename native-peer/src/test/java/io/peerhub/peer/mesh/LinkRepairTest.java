package io.peerhub.peer.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Java twin of web-client/src/repair.test.ts, on a schedule scaled down to milliseconds (the
 * same steps; the browser's test pins the protocol's own times on fake clocks).
 */
class LinkRepairTest {

    /** Long enough that a loaded machine's scheduling hiccups do not reorder the steps. */
    static final LinkRepair.Timing FAST = new LinkRepair.Timing(Duration.ofMillis(150), Duration.ofMillis(200),
            Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(200), 3, 2);

    final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
    final List<String> did = new CopyOnWriteArrayList<>();
    final List<LinkRepair.Phase> phases = new CopyOnWriteArrayList<>();
    volatile boolean restartWorks = true;

    @AfterEach
    void stop() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(5, TimeUnit.SECONDS);
    }

    LinkRepair repair(boolean leads) {
        return new LinkRepair("peer", new LinkRepair.Actions() {
            @Override
            public boolean restartIce() {
                did.add("restart");
                return restartWorks;
            }

            @Override
            public void rebuild() {
                did.add("rebuild");
            }

            @Override
            public void phase(LinkRepair.Phase phase) {
                phases.add(phase);
            }
        }, leads, FAST, thread);
    }

    /** {@code did} stays {@code expected} for {@code millis} (and is it within a second). */
    void stays(List<String> expected, long millis) {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).during(Duration.ofMillis(millis))
                .atMost(Duration.ofMillis(millis + 1000)).until(() -> did.equals(expected));
    }

    @Test
    void a_disconnected_link_gets_a_grace_then_an_ice_restart_then_rebuilds_until_it_gives_up() throws Exception {
        LinkRepair r = repair(true);
        r.linkState(Link.State.CONNECTED);
        r.linkState(Link.State.DISCONNECTED);
        await().atMost(Duration.ofSeconds(5)).until(() -> phases.contains(LinkRepair.Phase.GAVE_UP));
        assertThat(did).containsExactly("restart", "rebuild", "rebuild", "rebuild");
        assertThat(phases).startsWith(LinkRepair.Phase.WAITING, LinkRepair.Phase.RESTARTING, LinkRepair.Phase.REBUILDING,
                LinkRepair.Phase.BACKING_OFF);
        stays(List.of("restart", "rebuild", "rebuild", "rebuild"), 300); // given up: nothing more until retry()

        r.retry();
        await().atMost(Duration.ofSeconds(2)).until(() -> did.size() >= 5);
        assertThat(did.get(4)).isEqualTo("restart"); // starting over from an ICE restart
    }

    @Test
    void connected_again_stops_it_and_a_closed_connection_is_rebuilt_at_once() throws Exception {
        LinkRepair r = repair(true);
        r.linkState(Link.State.CONNECTED);
        restartWorks = false;
        r.linkState(Link.State.FAILED);
        r.linkState(Link.State.CONNECTED);
        stays(List.of("restart", "rebuild"), 500);
        assertThat(phases).last().isEqualTo(LinkRepair.Phase.IDLE);
    }

    @Test
    void a_connection_that_never_worked_stays_failed_until_the_signaling_is_back() throws Exception {
        LinkRepair r = repair(true);
        r.linkState(Link.State.FAILED);
        stays(List.of(), 300);
        r.retry();
        stays(List.of("restart"), 300);
        assertThat(phases).isEmpty();
    }

    @Test
    void the_peers_rebuilds_count_too_and_a_stopped_repair_does_nothing() throws Exception {
        LinkRepair r = repair(false);
        r.linkState(Link.State.CONNECTED);
        for (int i = 0; i < 3; i++) {
            r.replaced();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> phases.contains(LinkRepair.Phase.GAVE_UP));
        assertThat(did).isEmpty();

        r.stop();
        r.retry();
        r.linkState(Link.State.FAILED);
        stays(List.of(), 500);
    }
}
