package io.peerhub.peer.transfer.send;

import io.peerhub.peer.mesh.DeviceIdentity;
import static io.peerhub.peer.mesh.MemoryNetwork.soon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.peerhub.peer.mesh.MemoryNetwork;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.transfer.Sha256;
import io.peerhub.peer.transfer.send.ScriptedReceiver.Frame;
import io.peerhub.protocol.peer.CancelReason;
import io.peerhub.protocol.peer.FileResult;
import io.peerhub.protocol.peer.Have;
import io.peerhub.protocol.peer.Manifest;
import io.peerhub.protocol.peer.RefusalReason;
import io.peerhub.protocol.peer.TransferAnswer;
import io.peerhub.protocol.peer.TransferCancel;
import io.peerhub.protocol.peer.TransferDone;
import io.peerhub.protocol.peer.TransferResume;
import io.peerhub.protocol.peer.Transfers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sending state machine, answered frame by frame by a scripted receiver over in-memory links:
 * no webrtc, no server. What goes out (offsets, hashes) and how each verdict ends the transfer.
 */
class SendingTest {

    @TempDir
    Path tmp;

    final MemoryNetwork net = new MemoryNetwork();
    Mesh mesh;
    FileSender sender;
    Path a;
    Path b;

    @BeforeEach
    void startSender() throws IOException {
        mesh = net.mesh("Sender", DeviceIdentity.generate());
        sender = new FileSender(mesh, Duration.ofMinutes(1));
        net.join(mesh, "Sender");
        a = randomFile("a.bin", 600_000, 1);
        b = randomFile("b.bin", 0, 2);
    }

    @AfterEach
    void stopSender() {
        sender.close();
        net.close();
    }

    @Test
    void an_accepted_offer_streams_each_file_in_order_without_gaps_and_ends_it_with_its_hash() throws Exception {
        ScriptedReceiver receiver = new ScriptedReceiver(net, DeviceIdentity.generate());
        OutgoingTransfer transfer = sender.send(receiverOf(), List.of(a, b));
        Manifest offered = receiver.offer();
        assertThat(offered.files()).extracting(f -> f.path().get(0), f -> f.size())
                .containsExactly(tuple("a.bin", 600_000L), tuple("b.bin", 0L));

        receiver.say(TransferAnswer.accepted(transfer.id(), List.of()));
        ScriptedReceiver.Wire wire = receiver.channel();

        assertThat(wire.fileEnd(1).sha256()).isEqualTo(sha256(b));
        assertThat(wire.fileEnd(0).sha256()).isEqualTo(sha256(a));
        assertContiguous(wire.chunks(0), 0, 600_000);
        assertThat(wire.chunks(1)).isEmpty();
        List<Frame> chunks = wire.chunks(0);
        assertThat(wire.frames.indexOf(wire.fileEnd(0)))
                .isGreaterThan(wire.frames.indexOf(chunks.get(chunks.size() - 1)))
                .isLessThan(wire.frames.indexOf(wire.fileEnd(1)));
        assertThat(transfer.outcome()).isNotDone(); // streaming is not success: the verdicts are

        wire.say(new FileResult(0, true, sha256(a)));
        wire.say(new FileResult(1, true, sha256(b)));
        wire.say(new TransferDone());
        SendOutcome outcome = transfer.outcome().get(10, TimeUnit.SECONDS);
        assertThat(outcome.status()).isEqualTo(SendOutcome.Status.VERIFIED);
        assertThat(outcome.verified()).containsExactly(true, true);
    }

    @Test
    void an_answer_that_holds_bytes_already_starts_each_file_there_and_still_hashes_it_whole() throws Exception {
        ScriptedReceiver receiver = new ScriptedReceiver(net, DeviceIdentity.generate());
        Path c = randomFile("c.bin", 300_000, 3);
        OutgoingTransfer transfer = sender.send(receiverOf(), List.of(a, c));
        receiver.offer();

        receiver.say(TransferAnswer.accepted(transfer.id(), List.of(new Have(0, 600_000), new Have(1, 123_456))));
        ScriptedReceiver.Wire wire = receiver.channel();

        assertThat(wire.fileEnd(1).sha256()).isEqualTo(sha256(c));
        assertThat(wire.chunks(0)).isEmpty(); // held whole: only its file-end is said again
        assertThat(wire.fileEnd(0).sha256()).isEqualTo(sha256(a));
        assertContiguous(wire.chunks(1), 123_456, 300_000);
        assertThat(transfer.outcome()).isNotDone();
    }

    @Test
    void a_receiver_that_comes_back_and_asks_to_resume_gets_the_rest_on_a_new_channel() throws Exception {
        ScriptedReceiver first = new ScriptedReceiver(net, DeviceIdentity.generate());
        Path big = randomFile("big.bin", 2_000_000, 4);
        OutgoingTransfer transfer = sender.send(receiverOf(), List.of(big));
        first.offer();
        first.say(TransferAnswer.accepted(transfer.id(), List.of()));
        ScriptedReceiver.Wire before = first.channel();
        soon().until(() -> !before.chunks(0).isEmpty());

        net.leave(first.mesh); // the sender now waits, up to its resume window, for the receiver
        assertThat(transfer.outcome()).isNotDone();
        ScriptedReceiver back = new ScriptedReceiver(net, DeviceIdentity.generate()); // a new peer id
        back.say(new TransferResume(transfer.id(), List.of(new Have(0, 1_000_000))));
        ScriptedReceiver.Wire after = back.channel();

        assertThat(after.fileEnd(0).sha256()).isEqualTo(sha256(big));
        assertContiguous(after.chunks(0), 1_000_000, 2_000_000);
        after.say(new FileResult(0, true, sha256(big)));
        after.say(new TransferDone());
        assertThat(transfer.outcome().get(10, TimeUnit.SECONDS).status()).isEqualTo(SendOutcome.Status.VERIFIED);
    }

    @Test
    void a_refusal_ends_the_transfer_with_the_receivers_reason_and_words() throws Exception {
        ScriptedReceiver receiver = new ScriptedReceiver(net, DeviceIdentity.generate());
        OutgoingTransfer transfer = sender.send(receiverOf(), List.of(a));
        receiver.offer();

        receiver.say(TransferAnswer.refused(transfer.id(), RefusalReason.QUOTA, "the drop's quota of 1.0 MiB has 0 B left"));

        SendOutcome outcome = transfer.outcome().get(10, TimeUnit.SECONDS);
        assertThat(outcome.status()).isEqualTo(SendOutcome.Status.REFUSED);
        assertThat(outcome.reason()).isEqualTo(RefusalReason.QUOTA);
        assertThat(outcome.message()).isEqualTo("the drop's quota of 1.0 MiB has 0 B left");
    }

    @Test
    void a_file_the_receiver_could_not_verify_ends_the_transfer_as_failed() throws Exception {
        ScriptedReceiver receiver = new ScriptedReceiver(net, DeviceIdentity.generate());
        OutgoingTransfer transfer = sender.send(receiverOf(), List.of(a, b));
        receiver.offer();
        receiver.say(TransferAnswer.accepted(transfer.id(), List.of()));
        ScriptedReceiver.Wire wire = receiver.channel();
        wire.fileEnd(1);

        wire.say(new FileResult(0, false, sha256(b)));
        wire.say(new FileResult(1, true, sha256(b)));

        SendOutcome outcome = transfer.outcome().get(10, TimeUnit.SECONDS);
        assertThat(outcome.status()).isEqualTo(SendOutcome.Status.FAILED);
        assertThat(outcome.verified()).containsExactly(false, true);
    }

    @Test
    void a_cancel_from_the_receiver_ends_the_transfer_and_closes_its_channel() throws Exception {
        ScriptedReceiver receiver = new ScriptedReceiver(net, DeviceIdentity.generate());
        OutgoingTransfer transfer = sender.send(receiverOf(), List.of(a));
        receiver.offer();
        receiver.say(TransferAnswer.accepted(transfer.id(), List.of()));
        ScriptedReceiver.Wire wire = receiver.channel();

        receiver.say(new TransferCancel(transfer.id(), CancelReason.FAILED));

        SendOutcome outcome = transfer.outcome().get(10, TimeUnit.SECONDS);
        assertThat(outcome.status()).isEqualTo(SendOutcome.Status.CANCELLED);
        assertThat(outcome.message()).contains("the receiver cancelled");
        soon().until(() -> !wire.channel.isOpen());
    }

    /** The chunks start at {@code from}, follow each other without a gap, fit a frame, and end at {@code size}. */
    static void assertContiguous(List<Frame> chunks, long from, long size) {
        long at = from;
        for (Frame f : chunks) {
            assertThat(f.offset()).as("chunk offset").isEqualTo(at);
            assertThat(f.length()).isBetween(1, Transfers.MAX_FRAME_BYTES - Transfers.CHUNK_HEADER_BYTES);
            at += f.length();
        }
        assertThat(at).as("end of the last chunk").isEqualTo(size);
    }

    private RemotePeer receiverOf() {
        soon().until(() -> mesh.peers().stream().anyMatch(p -> p.name().equals("Receiver")
                && p.connected() && p.device() != null));
        return mesh.peers().stream().filter(p -> p.name().equals("Receiver")).findFirst().orElseThrow();
    }

    private Path randomFile(String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(tmp.resolve(name), bytes);
    }

    static String sha256(Path p) throws IOException {
        return HexFormat.of().formatHex(Sha256.digest().digest(Files.readAllBytes(p)));
    }
}
