package io.peerhub.peer.transfer.receive;

import io.peerhub.peer.mesh.DeviceIdentity;
import static io.peerhub.peer.mesh.MemoryNetwork.soon;
import static io.peerhub.peer.transfer.receive.ScriptedSender.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.peer.drop.InboxWriter;
import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.mesh.MemoryNetwork;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.transfer.Sha256;
import io.peerhub.protocol.peer.CancelReason;
import io.peerhub.protocol.peer.FileResult;
import io.peerhub.protocol.peer.Have;
import io.peerhub.protocol.peer.TransferAnswer;
import io.peerhub.protocol.peer.TransferCancel;
import io.peerhub.protocol.peer.TransferDone;
import io.peerhub.protocol.peer.TransferIds;
import io.peerhub.protocol.peer.TransferOffer;
import io.peerhub.protocol.peer.TransferResume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop's receiving state machine, fed frame by frame by a scripted sender over in-memory
 * links: no webrtc, no server. Each case is one the real sender never produces, or produces only
 * after a crash.
 */
class ReceivingTest {

    static final DeviceIdentity MALLORY_DEVICE = DeviceIdentity.generate();

    @TempDir
    Path tmp;

    final MemoryNetwork net = new MemoryNetwork();
    final List<FileReceiver.ReceivedFile> received = new CopyOnWriteArrayList<>();
    final List<String> failed = new CopyOnWriteArrayList<>();
    Mesh dropMesh;
    FileReceiver receiver;
    InboxWriter inbox;

    @BeforeEach
    void startDrop() throws IOException {
        inbox = new InboxWriter(tmp.resolve("inbox"));
        receiver = new FileReceiver(inbox, new Quota(inbox.dir(), Quota.UNLIMITED, Quota.UNLIMITED), p -> true,
                new FileReceiver.Events() {
                    @Override
                    public void received(FileReceiver.ReceivedFile file) {
                        received.add(file);
                    }

                    @Override
                    public void failed(String transferId, String why) {
                        failed.add(why);
                    }
                });
        dropMesh = net.mesh("Drop", DeviceIdentity.generate());
        receiver.attach(dropMesh);
        net.join(dropMesh, "Drop");
    }

    @AfterEach
    void stopDrop() {
        receiver.close();
        net.close();
    }

    @Test
    void a_chunk_that_skips_bytes_cancels_the_transfer_and_deletes_what_was_staged() {
        ScriptedSender mallory = new ScriptedSender(net, MALLORY_DEVICE);
        byte[] a = bytes(10_000, 1);
        String id = mallory.offer(List.of(entry("a.bin", a.length)));
        assertThat(mallory.next(TransferAnswer.class).accept()).isTrue();
        ScriptedSender.Wire wire = mallory.channel(id);

        wire.chunk(0, a, 0, 1000);
        wire.chunk(0, a, 5000, 6000);

        assertThat(mallory.next(TransferCancel.class).reason()).isEqualTo(CancelReason.FAILED);
        soon().until(() -> failed.contains("chunk at 5000 of file 0, expected 1000"));
        assertStagingGone(id);
        assertThat(inbox.dir().resolve("a.bin")).doesNotExist();
    }

    @Test
    void a_chunk_that_runs_past_the_announced_size_cancels_the_transfer() {
        ScriptedSender mallory = new ScriptedSender(net, MALLORY_DEVICE);
        byte[] a = bytes(1200, 2);
        String id = mallory.offer(List.of(entry("a.bin", 1000)));
        assertThat(mallory.next(TransferAnswer.class).accept()).isTrue();
        ScriptedSender.Wire wire = mallory.channel(id);

        wire.chunk(0, a, 0, 600);
        wire.chunk(0, a, 600, 1200);

        assertThat(mallory.next(TransferCancel.class).reason()).isEqualTo(CancelReason.FAILED);
        soon().until(() -> failed.contains("chunk runs past the end of file 0"));
        assertStagingGone(id);
    }

    @Test
    void a_file_end_before_every_byte_arrived_cancels_the_transfer() {
        ScriptedSender mallory = new ScriptedSender(net, MALLORY_DEVICE);
        byte[] a = bytes(1000, 3);
        String id = mallory.offer(List.of(entry("a.bin", a.length)));
        assertThat(mallory.next(TransferAnswer.class).accept()).isTrue();
        ScriptedSender.Wire wire = mallory.channel(id);

        wire.chunk(0, a, 0, 500);
        wire.fileEnd(0, sha256(a));

        assertThat(mallory.next(TransferCancel.class).reason()).isEqualTo(CancelReason.FAILED);
        soon().until(() -> failed.contains("file-end for file 0 after 500 of 1000 bytes"));
        assertStagingGone(id);
    }

    @Test
    void a_file_whose_hash_does_not_match_is_reported_failed_and_deleted_and_the_others_still_land() {
        ScriptedSender mallory = new ScriptedSender(net, MALLORY_DEVICE);
        byte[] a = bytes(2000, 4);
        byte[] b = bytes(3000, 5);
        String id = mallory.offer(List.of(entry("a.bin", a.length), entry("b.bin", b.length)));
        assertThat(mallory.next(TransferAnswer.class).accept()).isTrue();
        ScriptedSender.Wire wire = mallory.channel(id);

        wire.chunks(0, a, 0, a.length);
        wire.fileEnd(0, sha256(b)); // the hash of other bytes
        wire.chunks(1, b, 0, b.length);
        wire.fileEnd(1, sha256(b));

        soon().until(() -> wire.all(FileResult.class).size() == 2);
        assertThat(wire.all(FileResult.class)).extracting(FileResult::file, FileResult::ok)
                .containsExactly(Tuple.tuple(0, false), Tuple.tuple(1, true));
        assertStagingGone(id);
        assertThat(inbox.dir().resolve("a.bin")).doesNotExist();
        assertThat(received).singleElement().satisfies(r -> assertThat(r.path().getFileName().toString()).isEqualTo("b.bin"));
        // With a failed file the transfer is not done: the sender must not report success.
        soon().during(Duration.ofMillis(300)).until(() -> wire.all(TransferDone.class).isEmpty());
    }

    @Test
    void after_a_resume_a_repeated_file_end_is_ignored_and_the_resumed_file_verifies_whole() throws Exception {
        ScriptedSender first = new ScriptedSender(net, MALLORY_DEVICE);
        byte[] a = bytes(50_000, 6);
        byte[] b = bytes(300_000, 7);
        String id = first.offer(List.of(entry("a.bin", a.length), entry("b.bin", b.length)));
        assertThat(first.next(TransferAnswer.class).accept()).isTrue();
        ScriptedSender.Wire wire = first.channel(id);
        wire.chunks(0, a, 0, a.length);
        wire.fileEnd(0, sha256(a));
        wire.chunks(1, b, 0, 100_000);
        Path part = inbox.dir().resolve(".partial").resolve(id).resolve("1.part");
        soon().until(() -> wire.all(FileResult.class).size() == 1 && Files.exists(part) && Files.size(part) == 100_000);

        net.leave(first.mesh); // the sender's connection is gone; it comes back as a new peer, same device
        ScriptedSender again = new ScriptedSender(net, MALLORY_DEVICE);

        TransferResume resume = again.next(TransferResume.class);
        assertThat(resume.id()).isEqualTo(id);
        assertThat(resume.have()).containsExactly(new Have(0, a.length), new Have(1, 100_000));
        ScriptedSender.Wire resumed = again.channel(id);
        resumed.fileEnd(0, sha256(a)); // the real sender re-announces files it finished before
        resumed.chunks(1, b, 100_000, b.length);
        resumed.fileEnd(1, sha256(b));

        soon().until(() -> !resumed.all(TransferDone.class).isEmpty());
        assertThat(resumed.all(FileResult.class)).singleElement().satisfies(r -> {
            assertThat(r.file()).isEqualTo(1);
            assertThat(r.ok()).isTrue();
            assertThat(r.sha256()).isEqualTo(sha256(b));
        });
        assertThat(Files.readAllBytes(inbox.dir().resolve("a.bin"))).isEqualTo(a);
        assertThat(Files.readAllBytes(inbox.dir().resolve("b.bin"))).isEqualTo(b);
        assertThat(received).hasSize(2);
        assertStagingGone(id);
    }

    @Test
    void a_peer_flooding_offer_parts_keeps_only_its_sixteen_latest_offers_in_assembly() {
        ScriptedSender mallory = new ScriptedSender(net, MALLORY_DEVICE);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = TransferIds.newId();
            ids.add(id);
            mallory.drop().send(new TransferOffer(id, List.of(entry("a" + i + ".bin", 1)), 2, 2, 0, 2));
        }
        // The oldest was forgotten: its second part starts an offer of its own that never completes.
        mallory.drop().send(new TransferOffer(ids.get(0), List.of(entry("b0.bin", 1)), 2, 2, 1, 2));
        String latest = ids.get(19);
        mallory.drop().send(new TransferOffer(latest, List.of(entry("b19.bin", 1)), 2, 2, 1, 2));

        TransferAnswer answer = mallory.next(TransferAnswer.class);
        assertThat(answer.id()).isEqualTo(latest);
        assertThat(answer.accept()).isTrue();
        soon().during(Duration.ofMillis(300)).until(() -> mallory.control().stream().noneMatch(TransferAnswer.class::isInstance));
    }

    private void assertStagingGone(String id) {
        soon().until(() -> !Files.exists(inbox.dir().resolve(".partial").resolve(id)));
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) {
        return HexFormat.of().formatHex(Sha256.digest().digest(b));
    }
}
