package io.peerhub.peer.transfer.receive;

import static io.peerhub.peer.mesh.MemoryNetwork.soon;
import static io.peerhub.peer.transfer.receive.ReceivingTest.bytes;
import static io.peerhub.peer.transfer.receive.ReceivingTest.sha256;
import static io.peerhub.peer.transfer.receive.ScriptedSender.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.peer.drop.InboxWriter;
import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.peer.mesh.MemoryNetwork;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.protocol.peer.CancelReason;
import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.FileResult;
import io.peerhub.protocol.peer.Have;
import io.peerhub.protocol.peer.RefusalReason;
import io.peerhub.protocol.peer.TransferAnswer;
import io.peerhub.protocol.peer.TransferCancel;
import io.peerhub.protocol.peer.TransferDone;
import io.peerhub.protocol.peer.TransferResume;
import io.peerhub.protocol.peer.Transfers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one sender can make the drop hold (issue 19): space, manifests in memory and on disk,
 * staging folders. A scripted sender over in-memory links, a real folder, a clock the test moves
 * on. After each attack, what the quota counts is what is on disk, as a restart counts it.
 */
class DropBoundsTest {

    static final long GIB = 1L << 30;
    static final long MIB = 1L << 20;

    @TempDir
    Path tmp;

    final MemoryNetwork net = new MemoryNetwork();
    final StagingLifetimeTest.MovableClock clock = new StagingLifetimeTest.MovableClock();
    final List<String> failed = new CopyOnWriteArrayList<>();
    InboxWriter inbox;
    Quota quota;
    FileReceiver receiver;
    Mesh dropMesh;
    Supplier<Quota> quotas;

    @AfterEach
    void stopDrop() {
        if (receiver != null) {
            receiver.close();
        }
        net.close();
    }

    @Test
    void a_squatter_offering_all_but_a_gibibyte_of_the_disk_keeps_no_one_out_while_there_after_it_left_or_after_a_restart()
            throws IOException {
        long free = 76 * GIB; // what the disk says is free, whatever this machine's is
        startDrop(() -> new Quota(inbox.dir(), Quota.UNLIMITED, Quota.UNLIMITED, () -> free));
        DeviceIdentity squatterDevice = DeviceIdentity.generate();
        ScriptedSender squatter = new ScriptedSender(net, squatterDevice);
        String squat = squatter.offer(List.of(entry("huge.bin", free - GIB)));
        assertThat(squatter.next(TransferAnswer.class).accept()).isTrue();

        Map<String, String> honest = new TreeMap<>();
        honest.put("1 while it is there", legitimateSend("a.bin", 1));
        net.leave(squatter.mesh);
        honest.put("2 after it left", legitimateSend("b.bin", 2));
        restartDrop(() -> { });
        assertThat(receiver.pending()).as("the squatter's offer is still staged").isEqualTo(1);
        honest.put("3 after a restart", legitimateSend("c.bin", 3));
        System.out.printf("FIGURE squatting: an offer of %d GiB on a disk with %d GiB free, never sent; "
                + "a legitimate 1 GiB offer: %s%n", (free - GIB) / GIB, free / GIB, honest);
        assertThat(honest.values()).containsOnly("accepted");

        clock.advance(Lifetimes.DEFAULT.unstarted().plusSeconds(1));
        assertThat(receiver.expire()).containsExactly(squat);
        assertThat(staged()).isEmpty();
        assertThat(quota.ahead()).isZero();
        assertCountedAsOnDisk();
    }

    /**
     * A 1 GiB offer is accepted, then cancelled; a real 2 MiB file is sent whole and verifies.
     * Returns what happened to the 1 GiB offer.
     */
    private String legitimateSend(String name, int seed) throws IOException {
        ScriptedSender alice = new ScriptedSender(net, DeviceIdentity.generate());
        String big = alice.offer(List.of(entry("big.iso", GIB)));
        TransferAnswer answer = alice.answer(big);
        alice.drop().send(new TransferCancel(big, CancelReason.CANCELLED));
        byte[] real = bytes((int) (2 * MIB), seed);
        String id = alice.offer(List.of(entry(name, real.length)));
        assertThat(alice.answer(id).accept()).isTrue();
        ScriptedSender.Wire wire = alice.channel(id);
        wire.chunks(0, real, 0, real.length);
        wire.fileEnd(0, sha256(real));
        soon().until(() -> !wire.all(TransferDone.class).isEmpty());
        assertThat(inbox.dir().resolve(name)).hasBinaryContent(real);
        net.leave(alice.mesh);
        return answer.accept() ? "accepted" : "refused " + answer.reason() + " (" + answer.message() + ")";
    }

    @Test
    void manifests_past_the_drops_budget_are_refused_and_those_it_keeps_count_against_its_quota_from_the_start()
            throws IOException {
        startDrop(() -> new Quota(inbox.dir(), Quota.UNLIMITED, 100 * MIB));
        Map<String, Integer> answers = new TreeMap<>();
        List<ScriptedSender> senders = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            ScriptedSender mallory = new ScriptedSender(net, DeviceIdentity.generate());
            senders.add(mallory);
            for (int offer = 0; offer < 5; offer++) {
                String id = mallory.offer(longNames(s * 10 + offer, 5_000, 1_000), Transfers.MAX_FRAME_BYTES);
                TransferAnswer a = mallory.answer(id);
                answers.merge(a.accept() ? "accepted" : a.reason().wire(), 1, Integer::sum);
                if (a.accept()) {
                    accepted.add(id);
                } else {
                    assertThat(a.message()).contains("manifest");
                }
            }
        }
        long held = staged().size();
        long record = quota.used();
        assertThat(answers.get("accepted")).isBetween(4, 5); // 32 MiB of manifests in all
        assertThat(answers.get("busy")).isEqualTo(40 - answers.get("accepted"));
        assertThat(record).isGreaterThan(4 * 5_000 * 1_000L);
        assertCountedAsOnDisk();

        // A restart counts the same, and takes what fits beside it.
        restartDrop(() -> { });
        assertThat(quota.used()).isEqualTo(record);
        assertThat(receiver.pending()).isEqualTo(accepted.size());
        ScriptedSender honest = new ScriptedSender(net, DeviceIdentity.generate());
        long left = 100 * MIB - record;
        String fits = honest.offer(List.of(entry("fits.bin", left - MIB)));
        assertThat(honest.answer(fits).accept()).isTrue();
        String over = honest.offer(List.of(entry("over.bin", left + MIB)));
        assertThat(honest.answer(over).reason()).isEqualTo(RefusalReason.QUOTA);
        honest.drop().send(new TransferCancel(fits, CancelReason.CANCELLED));

        // Whoever holds them, they go when their lifetime is over, and so does what they counted.
        clock.advance(Lifetimes.DEFAULT.unstarted().plusSeconds(1));
        receiver.expire();
        soon().until(() -> staged().isEmpty());
        assertThat(quota.used()).isZero();

        // One offer alone past what one sender may hold: refused as too large, once for all its parts.
        ScriptedSender big = new ScriptedSender(net, DeviceIdentity.generate());
        String tooLarge = big.offer(longNames(99, 10_000, 1_600), Transfers.MAX_FRAME_BYTES);
        TransferAnswer a = big.answer(tooLarge);
        System.out.printf("FIGURE manifests in process: 40 offers of 5,000 empty files with 1,000-character "
                        + "names from 8 senders: %s; %d staged, their records %.1f MiB counted at once; "
                        + "then 10,000 names of 1,600 characters: %s (%s)%n",
                answers, held, record / (double) MIB, a.reason(), a.message());
        assertThat(a.reason()).isEqualTo(RefusalReason.TOO_LARGE);
        soon().during(Duration.ofMillis(300)).until(() -> big.control().stream()
                .noneMatch(m -> m instanceof TransferAnswer)); // the parts after the refusal are not answered
        assertThat(staged()).isEmpty();
    }

    @Test
    void a_thousand_offers_of_empty_files_never_sent_leave_nothing_behind() throws IOException {
        startDrop(() -> new Quota(inbox.dir(), Quota.UNLIMITED, Quota.UNLIMITED));
        DeviceIdentity device = DeviceIdentity.generate();
        ScriptedSender mallory = new ScriptedSender(net, device);
        Map<String, Integer> answers = new TreeMap<>();
        String first = null;
        for (int i = 0; i < 1_000; i++) {
            String id = mallory.offer(List.of(entry("empty-" + i, 0), entry("also-empty-" + i, 0)));
            TransferAnswer a = mallory.answer(id);
            answers.merge(a.accept() ? "accepted" : a.reason().wire(), 1, Integer::sum);
            first = first == null ? id : first;
        }
        assertThat(answers).containsEntry("accepted", ManifestBudget.SENDER_TRANSFERS)
                .containsEntry("busy", 1_000 - ManifestBudget.SENDER_TRANSFERS);
        assertThat(staged()).hasSize(ManifestBudget.SENDER_TRANSFERS);

        // Neither coming back nor frames that write nothing keep an offer that holds no byte alive.
        clock.advance(Lifetimes.DEFAULT.unstarted().minusSeconds(10));
        ScriptedSender.Wire wire = mallory.channel(first);
        wire.channel.sendText("{\"type\":\"nonsense\"}");
        net.leave(mallory.mesh);
        ScriptedSender back = new ScriptedSender(net, device);
        back.drop();
        clock.advance(Duration.ofSeconds(11));
        assertThat(receiver.expire()).hasSize(ManifestBudget.SENDER_TRANSFERS);
        assertThat(staged()).isEmpty();
        assertCountedAsOnDisk();
        System.out.printf("FIGURE empty offers: 1,000 offers of 2 empty files, never sent: %s; "
                + "after %s: %d folders in .partial/%n", answers, Lifetimes.DEFAULT.unstarted(), staged().size());
    }

    @Test
    void offers_never_sent_before_a_restart_are_removed_at_start_once_their_lifetime_is_over() throws IOException {
        startDrop(() -> new Quota(inbox.dir(), Quota.UNLIMITED, Quota.UNLIMITED));
        ScriptedSender mallory = new ScriptedSender(net, DeviceIdentity.generate());
        for (int i = 0; i < 10; i++) {
            assertThat(mallory.answer(mallory.offer(List.of(entry("empty-" + i, 0)))).accept()).isTrue();
        }
        restartDrop(() -> {
            FileTime then = FileTime.from(clock.instant().minus(Lifetimes.DEFAULT.unstarted().plusSeconds(5)));
            for (String id : staged()) {
                try (Stream<Path> files = Files.list(inbox.dir().resolve(".partial").resolve(id))) {
                    for (Path f : files.toList()) {
                        Files.setLastModifiedTime(f, then);
                    }
                }
            }
        });
        assertThat(staged()).isEmpty();
        assertThat(receiver.pending()).isZero();
        assertCountedAsOnDisk();
    }

    @Test
    void a_journal_torn_by_a_crash_loses_only_its_last_line_and_the_transfer_resumes_without_a_second_copy()
            throws IOException {
        startDrop(() -> new Quota(inbox.dir(), Quota.UNLIMITED, Quota.UNLIMITED));
        DeviceIdentity device = DeviceIdentity.generate();
        ScriptedSender alice = new ScriptedSender(net, device);
        byte[] a = bytes(30_000, 1);
        byte[] b = bytes(40_000, 2);
        byte[] c = bytes(50_000, 3);
        String id = alice.offer(List.of(entry("a.bin", a.length), entry("b.bin", b.length), entry("c.bin", c.length)));
        assertThat(alice.answer(id).accept()).isTrue();
        ScriptedSender.Wire wire = alice.channel(id);
        wire.chunks(0, a, 0, a.length);
        wire.fileEnd(0, sha256(a));
        wire.chunks(1, b, 0, b.length);
        wire.fileEnd(1, sha256(b));
        soon().until(() -> wire.all(FileResult.class).size() == 2);
        wire.chunks(2, c, 0, 20_000);
        Path part = inbox.dir().resolve(".partial").resolve(id).resolve("2.part");
        soon().until(() -> Files.exists(part) && Files.size(part) == 20_000);
        net.leave(alice.mesh);
        Path journal = inbox.dir().resolve(".partial").resolve(id).resolve("journal");
        List<String> lines = Files.readAllLines(journal);
        assertThat(lines).hasSize(3); // the header, then a line for each verified file
        assertThat(lines.get(2)).isEqualTo("{\"done\":1,\"saved\":\"b.bin\"}");

        // The crash came while the line for b.bin was being written: half of it is on disk.
        restartDrop(() -> {
            byte[] whole = Files.readAllBytes(journal);
            int cut = whole.length - lines.get(2).length() / 2;
            Files.write(journal, java.util.Arrays.copyOf(whole, cut));
            // ...and b.bin's staged copy was still there, as its line was not yet synced.
            Files.createLink(part.resolveSibling("1.part"), inbox.dir().resolve("b.bin"));
        });

        assertThat(Files.readAllLines(journal)).hasSize(3); // torn line cut; b.bin found in the inbox by its inode
        assertThat(Files.readString(journal, StandardCharsets.UTF_8)).endsWith("\"b.bin\"}\n");
        ScriptedSender back = new ScriptedSender(net, device);
        TransferResume resume = back.next(TransferResume.class);
        assertThat(resume.have()).extracting(Have::file, Have::bytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, (long) a.length),
                        org.assertj.core.groups.Tuple.tuple(1, (long) b.length),
                        org.assertj.core.groups.Tuple.tuple(2, 20_000L));
        ScriptedSender.Wire again = back.channel(id);
        again.fileEnd(0, sha256(a));
        again.fileEnd(1, sha256(b));
        again.chunks(2, c, 20_000, c.length);
        again.fileEnd(2, sha256(c));
        soon().until(() -> !again.all(TransferDone.class).isEmpty());
        try (Stream<Path> files = Files.list(inbox.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    ".partial", "a.bin", "b.bin", "c.bin");
        }
        assertThat(inbox.dir().resolve("c.bin")).hasBinaryContent(c);
        soon().until(() -> staged().isEmpty());
        assertCountedAsOnDisk();
    }

    @Test
    void a_transfer_staged_by_an_older_drop_is_read_from_its_state_file_and_resumes() throws IOException {
        Path partial = Files.createDirectories(tmp.resolve("inbox/.partial"));
        DeviceIdentity device = DeviceIdentity.generate();
        String id = io.peerhub.protocol.peer.TransferIds.newId();
        byte[] a = bytes(60_000, 4);
        Path staging = Files.createDirectories(partial.resolve(id));
        Files.writeString(staging.resolve("state.json"), "{\"id\":\"" + id + "\",\"device\":\"" + device.deviceId()
                + "\",\"sender\":\"Alice\",\"files\":[{\"path\":[\"a.bin\"],\"size\":60000,\"type\":\"\",\"sha256\":null}],"
                + "\"done\":[false],\"saved\":[null]}");
        Files.write(staging.resolve("0.part"), java.util.Arrays.copyOf(a, 25_000));
        startDrop(() -> new Quota(inbox.dir(), Quota.UNLIMITED, Quota.UNLIMITED));

        assertThat(staging.resolve("state.json")).doesNotExist();
        assertThat(staging.resolve("journal")).exists();
        ScriptedSender back = new ScriptedSender(net, device);
        assertThat(back.next(TransferResume.class).have()).extracting(Have::bytes).containsExactly(25_000L);
        ScriptedSender.Wire wire = back.channel(id);
        wire.chunks(0, a, 25_000, a.length);
        wire.fileEnd(0, sha256(a));
        soon().until(() -> !wire.all(TransferDone.class).isEmpty());
        assertThat(inbox.dir().resolve("a.bin")).hasBinaryContent(a);
        soon().until(() -> staged().isEmpty());
        assertCountedAsOnDisk();
    }

    /**
     * {@code count} empty files whose paths are {@code length} characters (in components of at most
     * 1,000), unique to offer {@code offer}.
     */
    static List<FileEntry> longNames(int offer, int count, int length) {
        List<FileEntry> entries = new ArrayList<>(count);
        for (int f = 0; f < count; f++) {
            List<String> path = new ArrayList<>();
            for (int left = length; left > 1_000; left -= 1_000) {
                path.add("d".repeat(1_000));
            }
            String prefix = String.format("%03d-%05d-", offer, f);
            path.add(prefix + "n".repeat(length - 1_000 * path.size() - prefix.length()));
            entries.add(new FileEntry(path, 0, "", null));
        }
        return entries;
    }

    /** What the quota counts is what DIR holds, as a restart would count it. */
    private void assertCountedAsOnDisk() throws IOException {
        soon().untilAsserted(() -> assertThat(quota.used()).isEqualTo(sizeOf(inbox.dir())));
    }

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

    interface DiskChange {
        void apply() throws IOException;
    }

    private void startDrop(Supplier<Quota> quotas) throws IOException {
        this.quotas = quotas;
        inbox = new InboxWriter(tmp.resolve("inbox"));
        startReceiver();
    }

    private void restartDrop(DiskChange whileStopped) throws IOException {
        receiver.close();
        net.leave(dropMesh);
        whileStopped.apply();
        startReceiver();
    }

    private void startReceiver() throws IOException {
        quota = quotas.get();
        receiver = new FileReceiver(inbox, quota, p -> true, new FileReceiver.Events() {
            @Override
            public void failed(String transferId, String why) {
                failed.add(why);
            }
        }, Lifetimes.DEFAULT, clock);
        dropMesh = net.mesh("Drop", DeviceIdentity.generate());
        receiver.attach(dropMesh);
        net.join(dropMesh, "Drop");
    }

    private List<String> staged() throws IOException {
        try (Stream<Path> dirs = Files.list(inbox.dir().resolve(".partial"))) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
        }
    }
}
