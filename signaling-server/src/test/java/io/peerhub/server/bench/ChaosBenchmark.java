package io.peerhub.server.bench;

import io.peerhub.protocol.Ids;
import io.peerhub.server.ChaosCluster;
import io.peerhub.server.ChaosCluster.Member;
import io.peerhub.testkit.RedisServer;
import io.peerhub.testkit.ServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code ChaosTest} scenario at full length, as a measurement: three nodes on a private Redis,
 * 200 clients in rooms across them; one node killed with {@code kill -9}, its clients re-home and
 * resume; then Redis stopped for 20 s and started again, empty. Bounded: every wait has a deadline,
 * and it exits by itself. Not a test (not in the suite): run it with
 *
 * <pre>
 * mvn -B -q -pl signaling-server -am test-compile dependency:build-classpath -Dnpm.executable=true \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * cd signaling-server && java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.peerhub.server.bench.ChaosBenchmark
 * </pre>
 * (The class path is built in the reactor, so no {@code mvn install} is needed; the nodes' logs go to
 * {@code signaling-server/target/node-*.log}.)
 * System properties (before -cp): bench.nodes (3), bench.clients (200), bench.room (5),
 * bench.ttl (15 s, the default presence TTL), bench.vanish (4 of the killed node's clients that
 * never come back), bench.outage (20 s).
 */
public final class ChaosBenchmark {

    private static final int NODES = Integer.getInteger("bench.nodes", 3);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 200);
    private static final int ROOM = Integer.getInteger("bench.room", 5);
    private static final Duration TTL = Duration.ofSeconds(Integer.getInteger("bench.ttl", 15));
    private static final int VANISH = Integer.getInteger("bench.vanish", 4);
    private static final Duration OUTAGE = Duration.ofSeconds(Integer.getInteger("bench.outage", 20));
    /** docs/operations.md: a client that does not come back leaves within the TTL (+⅓). */
    private static final Duration LEAVE_WINDOW = TTL.plus(TTL.dividedBy(3));
    private static final Duration POLL = Duration.ofMillis(50);

    public static void main(String[] args) throws Exception {
        System.out.printf("chaos: %d nodes (-Xmx256m, C1), %d clients in rooms of %d, presence TTL %d s; load before: %s%n",
                NODES, CLIENTS, ROOM, TTL.toSeconds(), loadAverage());
        String prefix = "bench-chaos-" + Ids.newPeerId().substring(0, 6) + ":";
        try (RedisServer redis = RedisServer.start();
             ChaosCluster cluster = ChaosCluster.start(redis, NODES, TTL, prefix, ServerProcess.SMALL_JVM);
             Memory memory = new Memory(cluster.nodes())) {
            deadline(Duration.ofSeconds(30), cluster::nodesKnowEachOther, "nodes to list each other");
            long seatStart = System.nanoTime();
            cluster.seat(CLIENTS, ROOM);
            cluster.awaitPresence(seatStart, Duration.ofSeconds(60), POLL);
            System.out.printf("seated %d clients in %d ms; RSS per node %s%n", CLIENTS, ms(System.nanoTime() - seatStart),
                    memory.now());
            kill(cluster, memory);
            outage(cluster, memory);
            System.out.printf("load after: %s%n", loadAverage());
        }
        System.exit(0);
    }

    private static void kill(ChaosCluster cluster, Memory memory) {
        ServerProcess victim = cluster.node(0);
        List<Member> onVictim = cluster.on(victim);
        List<Member> vanishing = onVictim.subList(0, Math.min(VANISH, onVictim.size()));
        List<Member> movers = onVictim.subList(vanishing.size(), onVictim.size());
        vanishing.forEach(Member::vanish);
        long killed = System.nanoTime();
        victim.kill();
        memory.forget(victim);
        List<CompletableFuture<Long>> rehomed = cluster.rehomeWhenClosed(movers, killed);
        Map<Member, Long> correct = cluster.awaitPresence(killed, LEAVE_WINDOW.plus(Duration.ofSeconds(10)), POLL);
        CompletableFuture.allOf(rehomed.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
        long converged = max(correct.values());
        // Past the TTL the killed node's records are gone: a resumed peer whose record went with them would leave now.
        long heldUntil = System.nanoTime() + TTL.toNanos();
        List<String> wrongAfter = new ArrayList<>();
        while (System.nanoTime() < heldUntil && wrongAfter.isEmpty()) {
            cluster.wrong().forEach(m -> wrongAfter.add(m.toString()));
            sleep(POLL);
        }
        long[] resume = sorted(rehomed.stream().map(CompletableFuture::join).toList());
        long[] moverTimes = sorted(movers.stream().map(correct::get).toList());
        long[] all = sorted(correct.values());
        Map<String, Integer> landed = new HashMap<>();
        movers.forEach(m -> landed.merge(m.at(), 1, Integer::sum));
        System.out.printf("kill -9 node %s (%d clients on it, %d of them never come back)%n", victim.name(),
                onVictim.size(), vanishing.size());
        System.out.printf("  re-homed with their ids: %d / %d (landed %s)%n",
                movers.stream().filter(Member::resumed).count(), movers.size(), landed.values());
        System.out.printf("  kill -> resumed (welcome): p50 %d ms, max %d ms%n", ms(p50(resume)), ms(max(resume)));
        System.out.printf("  kill -> correct presence, re-homed clients: p50 %d ms, max %d ms%n",
                ms(p50(moverTimes)), ms(max(moverTimes)));
        System.out.printf("  kill -> correct presence, every client (%d): p50 %d ms, max %d ms; overall %d ms "
                + "(documented: within the TTL + 1/3 = %d ms)%n", all.length, ms(p50(all)), ms(max(all)), ms(converged),
                LEAVE_WINDOW.toMillis());
        System.out.printf("  spurious leaves %d, spurious joins %d, views wrong in the TTL after %d%n",
                cluster.spuriousLeaves().size(), cluster.spuriousJoins().size(), wrongAfter.size());
        System.out.printf("  memory: %s%n", memory.report());
    }

    private static void outage(ChaosCluster cluster, Memory memory) {
        List<ServerProcess> alive = cluster.nodes().stream().filter(n -> n.status("/healthz") == 200).toList();
        List<Member> present = cluster.members().stream().filter(m -> !m.isGone()).toList();
        memory.reset();
        cluster.redis().stop();
        long stopped = System.nanoTime();
        Member during = cluster.joinNow(present.get(0).room(), "during", alive.get(alive.size() - 1));
        int healthChecks = 0;
        int healthFailures = 0;
        while (System.nanoTime() - stopped < OUTAGE.toNanos()) {
            for (ServerProcess n : alive) {
                healthChecks++;
                if (n.status("/healthz") != 200) {
                    healthFailures++;
                }
            }
            sleep(Duration.ofMillis(500));
        }
        String peakDuring = memory.report();
        cluster.redis().startAgain();
        long back = System.nanoTime();
        Map<Member, Long> correct = cluster.awaitPresence(back, TTL.plus(Duration.ofSeconds(10)), POLL);
        long converged = max(correct.values());
        long afterStart = System.nanoTime();
        Member after = cluster.joinNow(present.get(ROOM).room(), "after", alive.get(0));
        long afterConverged = max(cluster.awaitPresence(afterStart, TTL, POLL).values());
        long heldUntil = System.nanoTime() + TTL.toNanos();
        int wrongAfter = 0;
        while (System.nanoTime() < heldUntil && wrongAfter == 0) {
            wrongAfter = cluster.wrong().size();
            sleep(POLL);
        }
        for (ServerProcess n : alive) {
            healthChecks++;
            if (n.status("/healthz") != 200) {
                healthFailures++;
            }
        }
        System.out.printf("Redis stopped %d ms with %d nodes and %d clients (one more joined on node %s meanwhile)%n",
                ms(back - stopped), alive.size(), present.size(), during.home().name());
        System.out.printf("  /healthz: %d checks during and after, %d not 200%n", healthChecks, healthFailures);
        System.out.printf("  Redis back -> correct presence everywhere (the join made meanwhile included): %d ms "
                + "(per client p50 %d ms; TTL %d ms)%n", ms(converged), ms(p50(sorted(correct.values()))), TTL.toMillis());
        System.out.printf("  a join after it returned seen everywhere in %d ms (sees %d)%n", ms(afterConverged),
                after.view().size());
        System.out.printf("  spurious leaves %d, spurious joins %d, views wrong in the TTL after %d%n",
                cluster.spuriousLeaves().size(), cluster.spuriousJoins().size(), wrongAfter);
        System.out.printf("  memory during the outage: %s%n", peakDuring);
        System.out.printf("  memory at the end: %s%n", memory.report());
    }

    /** Samples each node's RSS and heap twice a second, keeping the peaks (VmHWM is the kernel's own peak). */
    private static final class Memory implements AutoCloseable {
        private final List<ServerProcess> nodes;
        private final Map<ServerProcess, long[]> peaks = new HashMap<>(); // rss KiB, heap bytes
        private final Thread sampler;
        private volatile boolean running = true;

        Memory(List<ServerProcess> nodes) {
            this.nodes = new ArrayList<>(nodes);
            sampler = new Thread(() -> {
                while (running) {
                    sample();
                    sleep(Duration.ofMillis(500));
                }
            }, "memory-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        private synchronized List<ServerProcess> nodes() {
            return List.copyOf(nodes);
        }

        private void sample() {
            for (ServerProcess n : nodes()) {
                long rss = ChaosCluster.rssKib(n)[0];
                long heap = ChaosCluster.heapUsed(n);
                synchronized (this) {
                    long[] p = peaks.computeIfAbsent(n, k -> new long[2]);
                    p[0] = Math.max(p[0], rss);
                    p[1] = Math.max(p[1], heap);
                }
            }
        }

        synchronized void forget(ServerProcess node) {
            nodes.remove(node);
            peaks.remove(node);
        }

        synchronized void reset() {
            peaks.clear();
        }

        String now() {
            List<String> out = new ArrayList<>();
            for (ServerProcess n : nodes()) {
                out.add(n.name().substring(0, 1) + " " + ChaosCluster.rssKib(n)[0] / 1024 + " MiB");
            }
            return String.join(", ", out);
        }

        String report() {
            sample();
            List<String> out = new ArrayList<>();
            for (ServerProcess n : nodes()) {
                long[] rss = ChaosCluster.rssKib(n);
                long[] p;
                synchronized (this) {
                    p = peaks.getOrDefault(n, new long[2]).clone();
                }
                out.add(String.format("%s RSS now %d MiB, sampled peak %d MiB, VmHWM %d MiB, heap used peak %d MiB",
                        n.name().substring(0, 1), rss[0] / 1024, p[0] / 1024, rss[1] / 1024, p[1] >> 20));
            }
            return String.join("; ", out);
        }

        @Override
        public void close() {
            running = false;
        }
    }

    private static void deadline(Duration atMost, java.util.function.BooleanSupplier done, String what) {
        long until = System.nanoTime() + atMost.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + atMost);
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static long[] sorted(java.util.Collection<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    private static long p50(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    private static long max(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    private static long max(java.util.Collection<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ChaosBenchmark() {}
}
