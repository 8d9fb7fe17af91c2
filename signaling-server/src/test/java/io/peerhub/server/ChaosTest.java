package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.protocol.Ids;
import io.peerhub.server.ChaosCluster.Member;
import io.peerhub.testkit.RedisServer;
import io.peerhub.testkit.ServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A cluster of nodes with many clients, broken the way production breaks: a node killed with
 * {@code kill -9}, Redis stopped and started empty. What users see afterwards must be what
 * docs/operations.md ("Failures") promises. The figures are printed as lines starting
 * {@code FIGURE}; {@code bench.ChaosBenchmark} runs the same scenario at full length.
 */
@DisplayName("Chaos in a cluster")
class ChaosTest {

    /** Short, so that the killed node's records expire within the suite's patience. */
    private static final Duration TTL = Duration.ofSeconds(3);
    /** docs/operations.md: a client that does not come back leaves its room within the TTL (+⅓). */
    private static final Duration LEAVE_WINDOW = TTL.plus(TTL.dividedBy(3));
    /** What a loaded two-core machine adds to any window: JVMs, Redis and 200 clients share it. */
    private static final Duration SLACK = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(50);

    private final String prefix = "chaos-" + Ids.newPeerId().substring(0, 8) + ":";
    private RedisServer redis;
    private ChaosCluster cluster;

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stopAll() {
        if (cluster != null) {
            cluster.close();
        }
        redis.close();
    }

    @Test
    void everyClientOfAKilledNodeResumesElsewhereWithItsIdAndPresenceIsRightEverywhere() {
        cluster = ChaosCluster.start(redis, 3, TTL, prefix, ServerProcess.SMALL_JVM);
        await().atMost(TTL).pollInterval(Duration.ofMillis(200)).until(cluster::nodesKnowEachOther);
        cluster.seat(200, 5);
        await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> cluster.wrong().isEmpty());
        ServerProcess victim = cluster.node(0);
        List<Member> onVictim = cluster.on(victim);
        // A few close their tabs as the node dies: the rooms must see those leave, and only those.
        List<Member> vanishing = onVictim.subList(0, 4);
        List<Member> movers = onVictim.subList(4, onVictim.size());
        vanishing.forEach(Member::vanish);

        long killed = System.nanoTime();
        victim.kill();
        List<CompletableFuture<Long>> rehomed = cluster.rehomeWhenClosed(movers, killed);
        // Watched while they move: a survivor's view that was never wrong counts as right at once.
        Map<Member, Long> correct = cluster.awaitPresence(killed, LEAVE_WINDOW.plus(SLACK), POLL);
        CompletableFuture.allOf(rehomed.toArray(CompletableFuture[]::new)).orTimeout(TTL.toMillis(), TimeUnit.MILLISECONDS).join();
        long converged = correct.values().stream().mapToLong(Long::longValue).max().orElseThrow();

        assertThat(movers).allMatch(Member::resumed);
        assertThat(movers).noneMatch(m -> m.at().equals(victim.webSocketUrl()));
        assertThat(cluster.wrong()).isEmpty();
        // Past the TTL the killed node's records are gone from Redis: had a resumed peer's record
        // gone with them, the other nodes' next comparison would drop it now.
        await().during(TTL).atMost(TTL.multipliedBy(2)).pollInterval(POLL).until(() -> cluster.wrong().isEmpty());
        assertThat(cluster.spuriousLeaves()).isEmpty();
        assertThat(cluster.spuriousJoins()).isEmpty();
        assertThat(cluster.nodes()).filteredOn(n -> n != victim).allMatch(n -> n.status("/healthz") == 200);

        long[] toResume = rehomed.stream().mapToLong(CompletableFuture::join).sorted().toArray();
        long[] perClient = correct.values().stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("FIGURE chaos kill -9: %d nodes, %d clients in rooms of 5; %d/%d of the killed node's clients "
                        + "re-homed with their ids (%d closed for good); kill to resumed p50 %d ms max %d ms; "
                        + "kill to correct presence per client p50 %d ms max %d ms, overall %d ms (TTL %d ms, window %d ms); "
                        + "spurious leaves 0%n",
                cluster.nodes().size(), cluster.members().size(), movers.stream().filter(Member::resumed).count(),
                movers.size(), vanishing.size(), ms(toResume[toResume.length / 2]), ms(toResume[toResume.length - 1]),
                ms(perClient[perClient.length / 2]), ms(perClient[perClient.length - 1]), ms(converged),
                TTL.toMillis(), LEAVE_WINDOW.toMillis());
        assertThat(Duration.ofNanos(converged)).isLessThanOrEqualTo(LEAVE_WINDOW.plus(SLACK));
    }

    @Test
    void aRedisOutageCrashesNoNodeAndPresenceConvergesWithinTheTtlAfterItReturns() {
        cluster = ChaosCluster.start(redis, 2, TTL, prefix, ServerProcess.SMALL_JVM);
        await().atMost(TTL).pollInterval(Duration.ofMillis(200)).until(cluster::nodesKnowEachOther);
        List<Member> seated = cluster.seat(60, 4);
        await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> cluster.wrong().isEmpty());

        redis.stop();
        long stopped = System.nanoTime();
        // A peer joins the far side of a room while the nodes cannot tell each other.
        Member during = cluster.joinNow(seated.get(0).room(), "during", cluster.node(1));
        Duration outage = TTL; // as long as the TTL: every record would have expired (and the restart loses them all)
        await().during(outage).atMost(outage.plus(SLACK)).pollInterval(Duration.ofMillis(250)).until(() ->
                cluster.nodes().stream().allMatch(n -> n.status("/healthz") == 200) && cluster.spuriousLeaves().isEmpty());
        long[] peakRss = cluster.nodes().stream().mapToLong(n -> ChaosCluster.rssKib(n)[1]).toArray();

        redis.startAgain();
        long back = System.nanoTime();
        Map<Member, Long> correct = cluster.awaitPresence(back, TTL, POLL);
        long converged = correct.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        Member after = cluster.joinNow(seated.get(4).room(), "after", cluster.node(0));
        await().atMost(TTL).pollInterval(POLL).until(() -> cluster.wrong().isEmpty());
        await().during(TTL).atMost(TTL.multipliedBy(2)).pollInterval(POLL).until(() -> cluster.wrong().isEmpty()
                && cluster.nodes().stream().allMatch(n -> n.status("/healthz") == 200));

        assertThat(cluster.spuriousLeaves()).isEmpty();
        assertThat(cluster.spuriousJoins()).isEmpty();
        assertThat(during.view()).hasSize(4);
        assertThat(after.view()).hasSize(4);
        System.out.printf("FIGURE chaos redis outage: %d nodes, %d clients; Redis down %d ms, /healthz 200 throughout; "
                        + "presence correct %d ms after Redis returned (TTL %d ms), a join during the outage included; "
                        + "peak RSS per node %s MiB; spurious leaves 0%n",
                cluster.nodes().size(), cluster.members().size(), ms(back - stopped), ms(converged), TTL.toMillis(),
                java.util.Arrays.stream(peakRss).mapToObj(k -> Long.toString(k / 1024)).toList());
        assertThat(Duration.ofNanos(converged)).isLessThanOrEqualTo(TTL);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
