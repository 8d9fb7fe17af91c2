package io.peerhub.peer.transfer.receive;

import io.peerhub.peer.mesh.DeviceIdentity;
import static io.peerhub.peer.mesh.MemoryNetwork.soon;
import static io.peerhub.peer.transfer.receive.ReceivingTest.bytes;
import static io.peerhub.peer.transfer.receive.ReceivingTest.sha256;
import static io.peerhub.peer.transfer.receive.ScriptedSender.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.peer.drop.InboxWriter;
import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.mesh.MemoryNetwork;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.protocol.peer.CancelReason;
import io.peerhub.protocol.peer.FileResult;
import io.peerhub.protocol.peer.RefusalReason;
import io.peerhub.protocol.peer.TransferAnswer;
import io.peerhub.protocol.peer.TransferCancel;
import io.peerhub.protocol.peer.TransferDone;
import io.peerhub.protocol.peer.TransferIds;
import io.peerhub.protocol.peer.TransferResume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop's staging in {@code .partial/} has an owner and a lifetime (docs/protocol.md, "What a
 * receiver keeps"): finished transfers leave nothing, an offer never sent gives its space back,
 * an unfinished transfer is kept for its lifetime and then removed, and a restart cleans up what
 * an earlier run or a crash left. Timed by a clock the test moves on; the sweep it calls is the
 * one the drop's timer runs.
 */
class StagingLifetimeTest {

    static final DeviceIdentity SENDER_DEVICE = DeviceIdentity.generate();
    static final long QUOTA = 1_000_000;

    @TempDir
    Path tmp;

    final MemoryNetwork net = new MemoryNetwork();
    final MovableClock clock = new MovableClock();
    final List<String> failed = new CopyOnWriteArrayList<>();
    InboxWriter inbox;
    Quota quota;
    FileReceiver receiver;
    Mesh dropMesh;

    @BeforeEach
    void startDrop() throws IOException {
        inbox = new InboxWriter(tmp.resolve("inbox"));
        startReceiver();
    }

    @AfterEach
    void stopDrop() {
        receiver.close();
        net.close();
    }

    @Test
    void transfers_that_finish_leave_nothing_in_the_staging_folder() throws IOException {
        byte[] a = bytes(40_000, 1);
        byte[] b = bytes(70_000, 2);
        for (int round = 0; round < 3; round++) {
            ScriptedSender sender = new ScriptedSender(net, SENDER_DEVICE);
            String id = sender.offer(List.of(entry("a.bin", a.length), entry("b.bin", b.length)));
            assertThat(sender.next(TransferAnswer.class).accept()).isTrue();
            ScriptedSender.Wire wire = sender.channel(id);
            wire.chunks(0, a, 0, a.length);
            wire.fileEnd(0, sha256(a));
            wire.chunks(1, b, 0, b.length);
            wire.fileEnd(1, sha256(b));
            soon().until(() -> !wire.all(TransferDone.class).isEmpty());
            net.leave(sender.mesh);
        }
        soon().until(() -> staged().isEmpty());
        assertThat(receiver.pending()).isZero();
        assertThat(inbox.dir().resolve("b (2).bin")).hasBinaryContent(b);
    }

    @Test
    void an_offer_whose_sender_never_sends_a_byte_keeps_no_one_out_and_expires() throws IOException {
        ScriptedSender squatter = new ScriptedSender(net, SENDER_DEVICE);
        String id = squatter.offer(List.of(entry("huge.bin", 900_000)));
        assertThat(squatter.next(TransferAnswer.class).accept()).isTrue();
        ScriptedSender honest = new ScriptedSender(net, DeviceIdentity.generate());
        byte[] real = bytes(500_000, 6);
        String honestId = honest.offer(List.of(entry("real.bin", real.length)));
        assertThat(honest.next(TransferAnswer.class).accept()).as("accepted while the squatter is there").isTrue();
        ScriptedSender.Wire wire = honest.channel(honestId);
        wire.chunks(0, real, 0, real.length);
        wire.fileEnd(0, sha256(real));
        soon().until(() -> !wire.all(TransferDone.class).isEmpty());
        assertThat(inbox.dir().resolve("real.bin")).hasBinaryContent(real);

        // The squatter can no longer finish in what is left: its first byte says so, not its last.
        ScriptedSender.Wire late = squatter.channel(id);
        late.chunk(0, bytes(1000, 7), 0, 1000);
        assertThat(squatter.next(TransferCancel.class).reason()).isEqualTo(CancelReason.FAILED);
        soon().until(() -> failed.stream().anyMatch(f -> f.contains("quota")));

        String again = squatter.offer(List.of(entry("huge.bin", 400_000)));
        assertThat(squatter.next(TransferAnswer.class).accept()).isTrue();
        clock.advance(Lifetimes.DEFAULT.unstarted().minusSeconds(1));
        assertThat(receiver.expire()).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(receiver.expire()).containsExactly(again);

        assertThat(squatter.next(TransferCancel.class).reason()).isEqualTo(CancelReason.TIMEOUT);
        assertThat(staged()).isEmpty();
        assertThat(quota.ahead()).isZero();
        assertThat(quota.used()).isEqualTo(real.length); // the inbox, and nothing staged
    }

    @Test
    void an_unfinished_transfer_is_kept_for_its_lifetime_resumes_within_it_and_is_removed_after() throws IOException {
        byte[] a = bytes(200_000, 3);
        String id = sendPart(a, 120_000);

        clock.advance(Lifetimes.DEFAULT.unfinished().minusMinutes(1));
        assertThat(receiver.expire()).isEmpty();
        ScriptedSender back = new ScriptedSender(net, SENDER_DEVICE);
        assertThat(back.next(TransferResume.class).id()).isEqualTo(id); // coming back counts as progress
        net.leave(back.mesh);

        clock.advance(Lifetimes.DEFAULT.unfinished().minusMinutes(1));
        assertThat(receiver.expire()).isEmpty();
        ScriptedSender resumed = new ScriptedSender(net, SENDER_DEVICE);
        resumed.next(TransferResume.class);
        ScriptedSender.Wire wire = resumed.channel(id);
        wire.chunks(0, a, 120_000, a.length);
        wire.fileEnd(0, sha256(a));
        soon().until(() -> !wire.all(TransferDone.class).isEmpty());
        assertThat(inbox.dir().resolve("a.bin")).hasBinaryContent(a);
        soon().until(() -> staged().isEmpty());

        String abandoned = sendPart(a, 50_000);
        clock.advance(Lifetimes.DEFAULT.unfinished().plusSeconds(1));
        assertThat(receiver.expire()).containsExactly(abandoned);
        assertThat(staged()).isEmpty();
        assertThat(failed).contains("no progress for its lifetime");
    }

    /**
     * Issue 14's abuse of the drop: an offer of 1 TiB, and 50 senders at once that each stop in
     * the middle of their file for ever. The first is refused at once; the rest leave nothing
     * visible and nothing staged once their lifetime is over, and the quota counts nothing.
     */
    @Test
    void a_tebibyte_offer_is_refused_and_fifty_senders_stopping_mid_file_leave_nothing_after_their_lifetime()
            throws IOException {
        ScriptedSender greedy = new ScriptedSender(net, DeviceIdentity.generate());
        greedy.offer(List.of(entry("tebibyte.bin", 1L << 40)));
        TransferAnswer tebibyte = greedy.next(TransferAnswer.class);
        assertThat(tebibyte.accept()).isFalse();
        assertThat(tebibyte.reason()).isIn(RefusalReason.QUOTA, RefusalReason.NO_SPACE);

        int senders = 50;
        byte[] file = bytes(10_000, 8);
        List<ScriptedSender> all = new java.util.ArrayList<>();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < senders; i++) {
            ScriptedSender sender = new ScriptedSender(net, DeviceIdentity.generate());
            all.add(sender);
            ids.add(sender.offer(List.of(entry("half-" + i + ".bin", file.length))));
        }
        List<String> accepted = new java.util.ArrayList<>();
        for (int i = 0; i < senders; i++) {
            if (all.get(i).next(TransferAnswer.class).accept()) {
                accepted.add(ids.get(i));
                all.get(i).channel(ids.get(i)).chunks(0, file, 0, file.length / 2);
            }
        }
        for (String id : accepted) {
            Path part = inbox.dir().resolve(".partial").resolve(id).resolve("0.part");
            soon().until(() -> Files.exists(part) && Files.size(part) == file.length / 2);
        }
        all.forEach(sender -> net.leave(sender.mesh)); // and never come back
        assertThat(visibleInInbox()).isEmpty();

        // A minute short: the wall clock under this one moved on too while the 50 were sent.
        clock.advance(Lifetimes.DEFAULT.unfinished().minusMinutes(1));
        assertThat(receiver.expire()).isEmpty();
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(receiver.expire()).containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(staged()).isEmpty();
        assertThat(visibleInInbox()).isEmpty();
        assertThat(quota.used()).isZero();
        assertThat(quota.ahead()).isZero();
        System.out.printf("FIGURE drop abuse: 1 TiB offer refused %s; %d senders at once stopping mid-file: %d accepted, "
                + "%d refused, %d removed after the %s lifetime, 0 left staged or visible%n", tebibyte.reason(), senders,
                accepted.size(), senders - accepted.size(), accepted.size(), Lifetimes.DEFAULT.unfinished());
        assertThat(accepted).isNotEmpty();
    }

    /** What the inbox shows (the staging folder apart). */
    private List<String> visibleInInbox() throws IOException {
        try (Stream<Path> files = Files.list(inbox.dir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".partial")).toList();
        }
    }

    @Test
    void a_restart_removes_expired_and_orphaned_staging_and_keeps_what_may_still_resume() throws IOException {
        byte[] a = bytes(100_000, 4);
        String stale = sendPart(a, 30_000);
        String fresh = sendPart(a, 60_000);
        restartDrop(() -> {
            ageStaging(stale, Lifetimes.DEFAULT.unfinished().plusMinutes(5));
            Path partial = inbox.dir().resolve(".partial");
            Files.createDirectories(partial.resolve(TransferIds.newId())); // a folder with no record
            Files.writeString(partial.resolve(fresh).resolve("7.part"), "not a file of the manifest");
        });

        assertThat(staged()).containsExactly(fresh);
        assertThat(inbox.dir().resolve(".partial").resolve(fresh)).isDirectoryNotContaining("glob:**/7.part");
        ScriptedSender back = new ScriptedSender(net, SENDER_DEVICE);
        assertThat(back.next(TransferResume.class).id()).isEqualTo(fresh);
        ScriptedSender.Wire wire = back.channel(fresh);
        wire.chunks(0, a, 60_000, a.length);
        wire.fileEnd(0, sha256(a));
        soon().until(() -> !wire.all(FileResult.class).isEmpty());
        assertThat(wire.all(FileResult.class).get(0).ok()).isTrue();
        assertThat(inbox.dir().resolve("a.bin")).hasBinaryContent(a);
    }

    @Test
    void a_crash_after_the_file_was_published_but_before_it_was_recorded_leaves_one_copy_and_no_staging()
            throws IOException {
        byte[] a = bytes(80_000, 5);
        String id = sendPart(a, a.length); // every byte staged, file-end not yet handled
        Path part = inbox.dir().resolve(".partial").resolve(id).resolve("0.part");
        restartDrop(() -> Files.createLink(inbox.dir().resolve("a.bin"), part)); // the hard link, then the crash

        assertThat(staged()).isEmpty();
        assertThat(inbox.dir().resolve("a.bin")).hasBinaryContent(a);
        assertThat(inbox.dir().resolve("a (1).bin")).doesNotExist();
    }

    /** Offers one file {@code a.bin} of {@code a}, sends its first {@code bytes} and leaves. */
    private String sendPart(byte[] a, int bytes) throws IOException {
        ScriptedSender sender = new ScriptedSender(net, SENDER_DEVICE);
        String id = sender.offer(List.of(entry("a.bin", a.length)));
        assertThat(sender.next(TransferAnswer.class).accept()).isTrue();
        sender.channel(id).chunks(0, a, 0, bytes);
        Path part = inbox.dir().resolve(".partial").resolve(id).resolve("0.part");
        soon().until(() -> Files.exists(part) && Files.size(part) == bytes);
        net.leave(sender.mesh);
        return id;
    }

    interface DiskChange {
        void apply() throws IOException;
    }

    /** Stops the drop, changes its disk as a crash or time would, and starts it again. */
    private void restartDrop(DiskChange whileStopped) throws IOException {
        receiver.close();
        net.leave(dropMesh);
        whileStopped.apply();
        startReceiver();
    }

    private void startReceiver() throws IOException {
        quota = new Quota(inbox.dir(), Quota.UNLIMITED, QUOTA);
        receiver = new FileReceiver(inbox, quota, p -> true,
                new FileReceiver.Events() {
                    @Override
                    public void failed(String transferId, String why) {
                        failed.add(why);
                    }
                }, Lifetimes.DEFAULT, clock);
        dropMesh = net.mesh("Drop", DeviceIdentity.generate());
        receiver.attach(dropMesh);
        net.join(dropMesh, "Drop");
    }

    /** Sets every file of a staging folder's last write {@code age} before the clock's now. */
    private void ageStaging(String id, Duration age) throws IOException {
        FileTime then = FileTime.from(clock.instant().minus(age));
        try (Stream<Path> files = Files.list(inbox.dir().resolve(".partial").resolve(id))) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, then);
            }
        }
    }

    /** The transfer folders in {@code .partial/}. */
    private List<String> staged() throws IOException {
        try (Stream<Path> dirs = Files.list(inbox.dir().resolve(".partial"))) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
        }
    }

    /** The wall clock plus however far a test moved it on. */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public long millis() {
            return instant().toEpochMilli();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
