package io.peerhub.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.peer.PeerNode;
import io.peerhub.peer.Stage;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.protocol.peer.CancelReason;
import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.Manifest;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.RefusalReason;
import io.peerhub.protocol.peer.TransferAnswer;
import io.peerhub.protocol.peer.TransferCancel;
import io.peerhub.protocol.peer.TransferIds;
import io.peerhub.protocol.peer.TransferOffer;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's attacks on the drop, each against a real {@code drop} process with {@code -Xmx128m}
 * (as docs/native-peer.md advises), through a real signaling server and real webrtc. The figures
 * each prints ({@code FIGURE ...}) are the ones docs/reliability.md quotes.
 */
class DropBoundsProcessTest {

    static final long MIB = 1L << 20;
    static PeerhubServer server;
    static RtcRuntime rtc;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        server = PeerhubServer.start(ServerConfig.loopback());
        rtc = new RtcRuntime();
    }

    @AfterAll
    static void stop() {
        server.close();
        rtc.close();
    }

    @Test
    void two_thousand_one_byte_files_with_long_names_cost_the_drop_a_few_kibibytes_of_disk_writes_each()
            throws Exception {
        int files = 2_000;
        Path folder = Files.createDirectories(tmp.resolve("out/small"));
        for (int i = 0; i < files; i++) {
            Files.write(folder.resolve(String.format("%04d-", i) + "x".repeat(191) + ".txt"), new byte[] {(byte) i});
        }
        String room = Stage.newRoom();
        Path inbox = tmp.resolve("inbox");
        try (PeerCommand drop = drop(room, inbox, "drop-config")) {
            Map<String, Long> before = drop.io();
            long t0 = System.nanoTime();
            PeerCommand send = PeerCommand.start(tmp.resolve("send-config"), List.of("-Xmx256m"), "send",
                    "--server", server.baseUrl(), "--room", room, "--to", "Drop", folder.toString());
            int exit = send.waitForExit(600);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            Map<String, Long> after = drop.io();

            assertThat(exit).as("send output:%n%s", tail(send.output())).isZero();
            long written = after.get("write_bytes") - before.get("write_bytes");
            long wchar = after.get("wchar") - before.get("wchar");
            System.out.printf("FIGURE write amplification: %d files of 1 byte, 200-character names, in %d ms: "
                            + "the drop process wrote %.1f MiB to disk (write_bytes), %.1f KiB a file; wchar %.1f MiB%n",
                    files, millis, written / (double) MIB, written / 1024.0 / files, wchar / (double) MIB);
            try (Stream<Path> landed = Files.list(inbox.resolve("small"))) {
                assertThat(landed.filter(p -> p.getFileName().toString().endsWith(".txt")).count()).isEqualTo(files);
            }
            // A 1-byte file costs a page of data, a line in its transfer's journal and its share of the
            // directories: a few KiB. Rewriting the whole record per file cost ~700 KiB each (issue 19).
            assertThat(written / files).isLessThan(16 * 1024);
        }
    }

    @Test
    void sending_two_files_of_the_same_name_delivers_both_named_as_the_drop_names_a_clash() throws Exception {
        Path a = Files.writeString(Files.createDirectories(tmp.resolve("out/a")).resolve("same.txt"), "from a");
        Path b = Files.writeString(Files.createDirectories(tmp.resolve("out/b")).resolve("same.txt"), "from b");
        String room = Stage.newRoom();
        Path inbox = tmp.resolve("inbox");
        try (PeerCommand drop = drop(room, inbox, "drop-config")) {
            PeerCommand send = PeerCommand.start(tmp.resolve("send-config"), List.of("-Xmx256m"), "send",
                    "--server", server.baseUrl(), "--room", room, "--to", "Drop", a.toString(), b.toString());
            int exit = send.waitForExit(120);
            System.out.printf("FIGURE duplicate basenames: send a/same.txt b/same.txt exited %d%n", exit);

            assertThat(exit).as("send output:%n%s", send.output()).isZero();
            assertThat(send.output()).contains("verified  same.txt", "verified  same (1).txt");
            assertThat(inbox.resolve("same.txt")).hasContent("from a");
            assertThat(inbox.resolve("same (1).txt")).hasContent("from b");
        }
    }

    @Test
    void forty_offers_of_five_thousand_long_names_are_refused_busy_and_counted_the_same_before_and_after_a_restart()
            throws Exception {
        String room = Stage.newRoom();
        Path inbox = tmp.resolve("inbox");
        long quota = 100 * MIB;
        Map<String, Integer> answers = new TreeMap<>();
        Probe running;
        Probe restarted;
        String output;
        String heap;
        List<PeerNode> senders = new ArrayList<>();
        try {
            // Four senders (four device ids, which cost nothing to make), ten offers each.
            List<Attack> attacks = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                PeerNode mallory = Stage.sender(rtc, Stage.address(server, room), "Mallory " + s);
                senders.add(mallory);
                Attack attack = new Attack();
                mallory.mesh().router().on(TransferAnswer.class, (from, m) -> attack.answers.add(m));
                attacks.add(attack);
            }
            try (PeerCommand drop = drop(room, inbox, "drop-config", "--quota", "100MiB")) {
                for (int offer = 0; offer < 40 && drop.alive(); offer++) {
                    int s = offer / 10;
                    RemotePeer to = Stage.connectedPeer(senders.get(s), "Drop");
                    List<FileEntry> entries = new ArrayList<>();
                    for (int f = 0; f < 5_000; f++) {
                        String name = String.format("%02d-%04d-", offer, f);
                        entries.add(new FileEntry(List.of(name + "n".repeat(1_000 - name.length())), 0, "", null));
                    }
                    TransferAnswer answer = attacks.get(s).offer(to, entries);
                    answers.merge(answer == null ? "no answer" : answer.accept() ? "accepted" : answer.reason().wire(),
                            1, Integer::sum);
                }
                heap = heapAfterGc(drop.pid());
                running = attacks.get(0).probe(Stage.connectedPeer(senders.get(0), "Drop"), inbox, quota);
                output = drop.output();
            }
            try (PeerCommand drop = drop(room, inbox, "drop-config", "--quota", "100MiB")) {
                restarted = attacks.get(0).probe(Stage.connectedPeer(senders.get(0), "Drop"), inbox, quota);
                output += drop.output();
            }
        } finally {
            senders.forEach(PeerNode::close);
        }
        long oom = output.lines().filter(l -> l.contains("OutOfMemoryError")).count();
        System.out.printf("FIGURE manifests: 40 offers x 5,000 empty files, 1,000-character names, from 4 senders, "
                        + "-Xmx128m, --quota 100MiB: answers %s; %d OutOfMemoryError lines; heap after a GC: %s; "
                        + "DIR holds %.1f MiB; running: %s; after a restart: %s%n",
                answers, oom, heap, sizeOf(inbox) / (double) MIB, running, restarted);

        assertThat(oom).isZero();
        assertThat(answers.getOrDefault("no answer", 0)).isZero();
        assertThat(answers.get("busy")).isGreaterThanOrEqualTo(35);
        assertThat(running).isEqualTo(restarted);
        assertThat(running.fits).as("an offer that fits what DIR holds is accepted").isTrue();
        assertThat(running.over).as("one past it is refused").isEqualTo(RefusalReason.QUOTA);
    }

    /** The heap the JVM {@code pid} uses after a full GC, as {@code jcmd} says it; "n/a" without jcmd. */
    private static String heapAfterGc(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return "n/a";
        }
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        Process info = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info").redirectErrorStream(true)
                .start();
        String out = new String(info.getInputStream().readAllBytes());
        info.waitFor(60, TimeUnit.SECONDS);
        return out.lines().filter(l -> l.contains("used")).findFirst().map(String::trim).orElse("n/a");
    }

    /** A raw sender in this JVM: offers whatever manifest the test writes, and never sends a byte. */
    static final class Attack {
        static final PeerCodec CODEC = new PeerCodec();
        final BlockingQueue<TransferAnswer> answers = new LinkedBlockingQueue<>();

        TransferAnswer offer(RemotePeer to, List<FileEntry> entries) throws InterruptedException {
            String id = TransferIds.newId();
            Manifest manifest = Manifest.validate(id, entries, entries.size(),
                    entries.stream().mapToLong(FileEntry::size).sum());
            for (TransferOffer part : manifest.toOffers(CODEC, to.maxMessageSize())) {
                to.send(part);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                TransferAnswer a = answers.poll(1, TimeUnit.SECONDS);
                if (a != null && a.id().equals(id)) {
                    return a;
                }
            }
            return null;
        }

        /**
         * What the drop counts against its quota, seen from outside: an offer that fits beside what
         * DIR holds on disk (2 MiB less), and one that does not (2 MiB more). Each accepted probe is
         * cancelled at once.
         */
        Probe probe(RemotePeer to, Path inbox, long quota) throws Exception {
            long free = quota - sizeOf(inbox);
            boolean fits = accepted(to, free - 2 * MIB);
            TransferAnswer over = offerOne(to, free + 2 * MIB);
            return new Probe(fits, over == null ? null : over.accept() ? null : over.reason(),
                    over == null ? "no answer" : over.message());
        }

        private boolean accepted(RemotePeer to, long size) throws Exception {
            TransferAnswer a = offerOne(to, size);
            return a != null && a.accept();
        }

        private TransferAnswer offerOne(RemotePeer to, long size) throws Exception {
            TransferAnswer a = offer(to, List.of(new FileEntry(List.of("probe.bin"), Math.max(0, size), "", null)));
            if (a != null && a.accept()) {
                to.send(new TransferCancel(a.id(), CancelReason.CANCELLED));
            }
            return a;
        }
    }

    /** An offer that fits was accepted; the one past it got {@code over} (null: accepted). */
    record Probe(boolean fits, RefusalReason over, String message) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Probe p && p.fits == fits && p.over == over;
        }

        @Override
        public int hashCode() {
            return Boolean.hashCode(fits) * 31 + (over == null ? 0 : over.hashCode());
        }

        @Override
        public String toString() {
            return "fits " + (fits ? "accepted" : "REFUSED") + ", 2 MiB over " + (over == null ? "ACCEPTED" : over)
                    + " (" + message + ")";
        }
    }

    private PeerCommand drop(String room, Path inbox, String config, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("drop", "--server", server.baseUrl(), "--room", room,
                "--dir", inbox.toString(), "--name", "Drop"));
        args.addAll(List.of(more));
        PeerCommand drop = PeerCommand.start(tmp.resolve(config), List.of("-Xmx128m"), args.toArray(String[]::new));
        drop.awaitOutput("joined room", Duration.ofSeconds(60));
        return drop;
    }

    /** Bytes of the regular files below {@code dir}: what the drop's quota counts. */
    static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    private static String tail(String s) {
        return s.length() < 4000 ? s : s.substring(s.length() - 4000);
    }
}
