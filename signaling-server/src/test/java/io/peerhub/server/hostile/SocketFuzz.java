package io.peerhub.server.hostile;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.CloseCodes;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.Peer;
import io.peerhub.protocol.PeerJoined;
import io.peerhub.protocol.SignalTo;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.ServerProcess;
import io.peerhub.testkit.TestClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The socket fuzz and flood against one running node, while honest bystanders in rooms of their own
 * keep signalling: hostile connections sending {@link HostileFrames} (from many loopback addresses,
 * some with a foreign {@code Origin}), one connection flooding, thousands of connections from one
 * address, and slow readers that never read while others send to them. Every loop is bounded in
 * count and in time. What it saw is a {@link Report}.
 */
final class SocketFuzz {

    /** How much of each attack, and how long at most. */
    record Load(int fuzzFrames, int concurrency, int maxFramesPerConnection, int floodFrames, int connectionsFromOneAddress,
                int slowReaders, Duration calm, Duration maxAttack, Duration settle, long seed) {}

    /** The first address of each attack's block: 127.0.1.x fuzz, .2.x flood and many, .3.x slow readers. */
    private static final int FUZZ_ADDRESSES = 100;
    private static final MessageCodec CODEC = new MessageCodec();
    private static final String[] FOREIGN_ORIGINS = {"https://evil.example", "null", "http://127.0.0.1.evil.example"};
    private static final int SLOW_FEED_BYTES = 60 * 1024;
    /** Per reader: 9 MiB, more than its send queue (4 MiB) and the kernel's buffers on loopback together. */
    private static final int SLOW_FEED_FRAMES_PER_READER = 150;
    private static final int READERS_PER_FEEDER = 2;

    /** With -Dfuzz.nmt, the node's native memory is printed before and after (its JVM needs -XX:NativeMemoryTracking=summary). */
    private static final boolean NMT = Boolean.getBoolean("fuzz.nmt");
    /** With -Dfuzz.timeline, the node's threads and RSS are printed twice a second during the attack, and when each attack ends. */
    private static final boolean TIMELINE = Boolean.getBoolean("fuzz.timeline");
    private final long timelineStart = System.nanoTime();

    private final ServerProcess node;
    private final Load load;
    private final Tally tally = new Tally();
    private final Tally flood = new Tally();
    private final Tally many = new Tally();
    private final HealthProbe health;
    private final AtomicLong peakHeap = new AtomicLong();

    SocketFuzz(ServerProcess node, Load load) {
        this.node = node;
        this.load = load;
        this.health = new HealthProbe(node.baseUrl());
    }

    Report run() throws Exception {
        ServerMemory memory = new ServerMemory(node.pid());
        try (Bystanders bystanders = Bystanders.start(node.webSocketUrl(), 4, 20)) {
            sleep(load.calm()); // warm-up: the JIT, the pools
            memory.collect();
            ServerMemory.Sample before = memory.sample();
            String nativeBefore = NMT ? memory.nativeSummary() : "";
            String histogramBefore = Boolean.getBoolean("fuzz.histogram") ? memory.histogram(25) : "";
            bystanders.phase("before");
            sleep(load.calm());
            Bystanders.Phase calmBefore = bystanders.phase("during");

            long started = System.nanoTime();
            long deadline = started + load.maxAttack().toNanos();
            ExecutorService pool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "attack");
                t.setDaemon(true);
                return t;
            });
            List<Future<?>> attacks = new ArrayList<>();
            AtomicLong fuzzConnections = new AtomicLong();
            for (int w = 0; w < load.concurrency(); w++) {
                int worker = w;
                attacks.add(pool.submit(() -> fuzz(worker, bystanders.ids(), deadline, fuzzConnections)));
            }
            attacks.add(pool.submit(() -> timed("flood", () -> flood(deadline))));
            Future<int[]> manyResult = pool.submit(() -> timed("one address", () -> many(deadline)));
            Future<int[]> slowResult = pool.submit(() -> timed("slow readers", () -> slowReaders(deadline)));
            Future<?> watch = pool.submit(() -> watch(memory, deadline + load.calm().toNanos() + TimeUnit.SECONDS.toNanos(60)));
            for (Future<?> f : attacks) {
                f.get(load.maxAttack().toMillis() + 60_000, TimeUnit.MILLISECONDS);
            }
            int[] manyCounts = manyResult.get(60, TimeUnit.SECONDS);
            int[] slow = slowResult.get(60, TimeUnit.SECONDS);
            long attackEnded = System.nanoTime();
            double attackSeconds = (attackEnded - started) / 1e9;
            long peakRss = memory.peakRssBytes();

            Bystanders.Phase during = bystanders.phase("after");
            sleep(load.calm());
            Bystanders.Phase after = bystanders.phase("done");
            watch.cancel(true);
            pool.shutdownNow();
            bystanders.stop();
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (bystanders.received() < bystanders.sent() && System.nanoTime() < waitUntil) {
                Thread.sleep(20); // what was sent last is on its way: a bounded poll, not a test's wait
            }
            memory.collect();
            ServerMemory.Sample afterGc = memory.sample();
            // What the node keeps for a while on purpose (away peers for the resume window, per-minute
            // address counts) is gone once those windows pass: memory then is what the attack left.
            long settleUntil = attackEnded + load.settle().toNanos();
            while (System.nanoTime() < settleUntil) {
                Thread.sleep(100); // a measurement's phase, bounded by settle
            }
            ServerMemory.Sample settled = afterGc;
            if (!load.settle().isZero()) {
                memory.collect();
                settled = memory.sample();
            }
            if (Boolean.getBoolean("fuzz.histogram")) {
                System.out.println("---- heap before the attack\n" + histogramBefore + "\n---- heap after it\n" + memory.histogram(25));
            }
            if (NMT) {
                System.out.println("---- native memory before the attack\n" + nativeBefore
                        + "\n---- native memory after it, after a GC\n" + memory.nativeSummary());
            }
            return new Report(tally, flood, fuzzConnections.get(), manyCounts, slow, attackSeconds,
                    calmBefore, during, after, bystanders.sent(), bystanders.received(), bystanders.foreign(),
                    before, peakRss, peakHeap.get(), afterGc, settled, load.settle(), health.checks(), health.failures(), health.slowestMs(),
                    health.blips(), node.status("/healthz"));
        }
    }

    /** One worker: connection after connection, each some hostile frames, until the frames or the time are used up. */
    private void fuzz(int worker, List<String> bystanderIds, long deadline, AtomicLong connections) {
        HostileFrames frames = new HostileFrames(load.seed() * 1_000 + worker, bystanderIds);
        Random random = new Random(load.seed() + worker);
        int n = 0;
        while (tally.sent() < load.fuzzFrames() && System.nanoTime() < deadline) {
            String source = "127.0.1." + (1 + (worker + load.concurrency() * n++) % FUZZ_ADDRESSES);
            String origin = random.nextInt(20) == 0 ? FOREIGN_ORIGINS[random.nextInt(FOREIGN_ORIGINS.length)]
                    : random.nextBoolean() ? null : node.baseUrl();
            connections.incrementAndGet();
            if (origin != null && !origin.equals(node.baseUrl())) {
                tally.count("origin foreign");
            }
            try (HostileSocket socket = HostileSocket.open(source, node.port(), origin, tally, true, 0)) {
                if (random.nextBoolean()) {
                    socket.text(frames.join());
                    tally.sent("join");
                }
                int count = 1 + random.nextInt(load.maxFramesPerConnection());
                for (int i = 0; i < count && socket.closeCode() == 0; i++) {
                    HostileFrames.Frame f = frames.next();
                    socket.frame(f.opcode(), f.fin(), f.rsv1(), f.masked(), f.payload());
                    tally.sent(f.kind());
                }
                if (random.nextInt(5) == 0 && socket.closeCode() == 0) {
                    HostileFrames.Frame f = frames.ending();
                    socket.frame(f.opcode(), f.fin(), f.rsv1(), f.masked(), f.payload());
                    tally.sent(f.kind());
                }
                socket.finish(1_000, 15_000);
            } catch (HostileSocket.Refused refused) {
                // counted by its status (403 for a foreign Origin)
            } catch (IOException e) {
                tally.count("client " + e.getClass().getSimpleName()); // the server closed while we wrote
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One joined connection sending valid pings as fast as it can write. */
    private void flood(long deadline) {
        try (HostileSocket socket = HostileSocket.open("127.0.2.1", node.port(), null, flood, true, 0)) {
            socket.text(new HostileFrames(load.seed(), List.of()).join());
            String ping = "{\"type\":\"ping\"}";
            for (int i = 0; i < load.floodFrames() && System.nanoTime() < deadline && socket.closeCode() == 0; i++) {
                socket.text(ping);
                flood.sent("ping");
            }
            socket.finish(1_000, 15_000);
        } catch (IOException e) {
            flood.count("client " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Connections from one address, opened as fast as the server takes them: {open, refused 4029, other}. */
    private int[] many(long deadline) {
        List<HostileSocket> sockets = new ArrayList<>();
        int opened = 0;
        int limited = 0;
        int other = 0;
        try {
            for (int i = 0; i < load.connectionsFromOneAddress() && System.nanoTime() < deadline; i++) {
                try {
                    sockets.add(HostileSocket.open("127.0.2.2", node.port(), null, many, false, 0));
                } catch (IOException e) {
                    other++;
                }
            }
            for (HostileSocket s : sockets) {
                int code = s.drainToEnd(50);
                if (code == 0) {
                    opened++;
                } else if (code == CloseCodes.TOO_MANY_CONNECTIONS) {
                    limited++;
                } else {
                    other++;
                }
            }
        } finally {
            sockets.forEach(HostileSocket::close);
        }
        return new int[] {opened, limited, other};
    }

    /**
     * Readers that never read, in one room, each sent 60 KiB signals by a feeder (within the rate
     * limit) until the server cuts it off: {cut off, still open, feeder frames sent}.
     */
    private int[] slowReaders(long deadline) {
        RoomKey room = RoomKey.generate();
        List<HostileSocket> readers = new ArrayList<>();
        List<TestClient> feeders = new ArrayList<>();
        Tally slow = new Tally();
        int sent = 0;
        try {
            for (int i = 0; i < load.slowReaders(); i++) {
                HostileSocket r = HostileSocket.open("127.0.3.1", node.port(), null, slow, false, 4096);
                r.text(joinOf(room, "Slow " + i));
                readers.add(r);
            }
            for (int i = 0; i < (load.slowReaders() + READERS_PER_FEEDER - 1) / READERS_PER_FEEDER; i++) {
                feeders.add(TestClient.joined(node.webSocketUrl(), room, "Feeder " + i));
            }
            TestClient last = feeders.get(feeders.size() - 1);
            long waitFor = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<String> targets = readersKnownTo(last);
            while (targets.size() < load.slowReaders() && System.nanoTime() < waitFor) {
                Thread.sleep(50); // the readers' joins may still be on their way: a bounded poll
                targets = readersKnownTo(last);
            }
            String pad = "x".repeat(SLOW_FEED_BYTES);
            // Each feeder 40 a second: under the rate limit, so the server relays every one of them.
            for (int round = 0; round < SLOW_FEED_FRAMES_PER_READER * READERS_PER_FEEDER && System.nanoTime() < deadline; round++) {
                for (int f = 0; f < feeders.size(); f++) {
                    int reader = f * READERS_PER_FEEDER + round % READERS_PER_FEEDER;
                    if (reader < targets.size()) {
                        feeders.get(f).send(new SignalTo(targets.get(reader),
                                JsonNodeFactory.instance.objectNode().put("sdp", pad)));
                        sent++;
                    }
                }
                Thread.sleep(25);
            }
            int cut = 0;
            int open = 0;
            for (HostileSocket r : readers) {
                int code = r.drainToEnd(2_000);
                if (code == 0) {
                    open++;
                } else {
                    cut++;
                }
            }
            return new int[] {cut, open, sent};
        } catch (Exception e) {
            throw new IllegalStateException("slow readers: " + e, e);
        } finally {
            readers.forEach(HostileSocket::close);
            feeders.forEach(TestClient::close);
        }
    }

    /** The slow readers {@code feeder} knows of: in its welcome, or joined since. */
    private static List<String> readersKnownTo(TestClient feeder) {
        List<Peer> peers = new ArrayList<>(feeder.welcome().peers());
        feeder.inbox().stream().filter(m -> m instanceof PeerJoined).map(m -> ((PeerJoined) m).peer()).forEach(peers::add);
        return peers.stream().filter(p -> p.name().startsWith("Slow ")).map(Peer::id).distinct().toList();
    }

    private static String joinOf(RoomKey room, String name) {
        return CODEC.encode(Join.fresh(room, name, ClientKind.BROWSER));
    }

    /** /healthz twice a second, and the heap every two seconds, while the attack lasts. */
    private void watch(ServerMemory memory, long deadline) {
        long lastHeap = 0;
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            long t = System.nanoTime();
            health.check();
            if (TIMELINE) {
                System.out.printf(Locale.ROOT, "t=%5.1f s threads %d rss %.0f MiB%n", (t - timelineStart) / 1e9,
                        memory.threads(), memory.rssBytes() / 1048576.0);
            }
            if (t - lastHeap > TimeUnit.SECONDS.toNanos(2)) {
                peakHeap.accumulateAndGet(memory.sample().heapUsedBytes(), Math::max);
                lastHeap = t;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private <T> T timed(String attack, Supplier<T> run) {
        T result = run.get();
        if (TIMELINE) {
            System.out.printf(Locale.ROOT, "t=%5.1f s %s ended%n", (System.nanoTime() - timelineStart) / 1e9, attack);
        }
        return result;
    }

    private void timed(String attack, Runnable run) {
        timed(attack, () -> {
            run.run();
            return null;
        });
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis()); // a measurement's phase length, not a wait for something
    }

    /** What the run saw. */
    record Report(Tally fuzz, Tally flood, long fuzzConnections, int[] many, int[] slow, double attackSeconds,
                  Bystanders.Phase before, Bystanders.Phase during, Bystanders.Phase after,
                  long bystanderSent, long bystanderReceived, int foreign,
                  ServerMemory.Sample memoryBefore, long peakRss, long peakHeap, ServerMemory.Sample memoryAfter,
                  ServerMemory.Sample memorySettled, Duration settle,
                  int healthChecks, int healthFailures, long healthMaxMs, List<String> healthBlips, int healthAfter) {

        long framesSent() {
            return fuzz.sent() + flood.sent();
        }

        long internal() {
            return fuzz.get("error internal") + flood.get("error internal");
        }

        String text() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "attack: %.1f s, %d frames (fuzz %d over %d connections, flood %d)%n",
                    attackSeconds, framesSent(), fuzz.sent(), fuzzConnections, flood.sent()));
            s.append("fuzz frames by kind: ").append(fuzz.starting("sent ")).append('\n');
            s.append("fuzz answers: ").append(fuzz.starting("answer ")).append('\n');
            s.append("fuzz errors: ").append(fuzz.starting("error ")).append('\n');
            s.append("fuzz closes: ").append(fuzz.starting("close ")).append(" upgrades: ").append(fuzz.starting("http "))
                    .append(" client-side: ").append(fuzz.starting("client ")).append('\n');
            s.append("flood answers: ").append(flood.starting("answer ")).append(" errors: ").append(flood.starting("error "))
                    .append(" closes: ").append(flood.starting("close ")).append('\n');
            s.append(String.format(Locale.ROOT, "one address: %d held open, %d refused 4029, %d other%n", many[0], many[1], many[2]));
            s.append(String.format(Locale.ROOT, "slow readers: %d cut off, %d still open, %d signals of 60 KiB sent to them%n",
                    slow[0], slow[1], slow[2]));
            s.append(String.format(Locale.ROOT, "internal: %d%n", internal()));
            s.append("bystanders ").append(before).append('\n');
            s.append("bystanders ").append(during).append('\n');
            s.append("bystanders ").append(after).append('\n');
            s.append(String.format(Locale.ROOT, "bystanders: %d sent, %d received, %d foreign%n", bystanderSent, bystanderReceived, foreign));
            s.append(String.format(Locale.ROOT, "/healthz: %d checks during, %d unanswered on retry too, slowest %d ms; after: %d%n",
                    healthChecks, healthFailures, healthMaxMs, healthAfter));
            healthBlips.forEach(b -> s.append("  /healthz failed once: ").append(b).append('\n'));
            s.append("memory before (after GC): ").append(memoryBefore).append('\n');
            s.append(String.format(Locale.ROOT, "memory peak: RSS %.1f MiB, heap %.1f MiB used%n", peakRss / 1048576.0, peakHeap / 1048576.0));
            s.append("memory after (after GC):  ").append(memoryAfter).append('\n');
            s.append(String.format(Locale.ROOT, "RSS after / before: %.2f%n", (double) memoryAfter.rssBytes() / memoryBefore.rssBytes()));
            if (!settle.isZero()) {
                s.append(String.format(Locale.ROOT, "memory %d s after the attack (after GC): %s%n", settle.toSeconds(), memorySettled));
                s.append(String.format(Locale.ROOT, "RSS %d s after / before: %.2f%n", settle.toSeconds(),
                        (double) memorySettled.rssBytes() / memoryBefore.rssBytes()));
            }
            return s.toString();
        }
    }
}
