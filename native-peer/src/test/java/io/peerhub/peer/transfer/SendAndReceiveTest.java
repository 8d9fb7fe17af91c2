package io.peerhub.peer.transfer;

import io.peerhub.peer.mesh.DeviceIdentity;
import static io.peerhub.peer.mesh.MemoryNetwork.soon;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.peer.drop.InboxWriter;
import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.mesh.MemoryNetwork;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.transfer.receive.FileReceiver;
import io.peerhub.peer.transfer.send.FileSender;
import io.peerhub.peer.transfer.send.OutgoingTransfer;
import io.peerhub.peer.transfer.send.SendOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real sender and the real drop receiver, each on its own mesh, over in-memory links: the
 * whole transfer state machine (offer, answer, chunks, acks, verdicts, resume) without webrtc.
 */
class SendAndReceiveTest {

    @TempDir
    Path tmp;

    final MemoryNetwork net = new MemoryNetwork();
    final DeviceIdentity senderDevice = DeviceIdentity.generate();
    final DeviceIdentity dropDevice = DeviceIdentity.generate();
    final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        net.close(); // the sender's mesh too
    }

    /** A drop as the drop command makes one, receiving into {@code inbox}. */
    final class Drop implements AutoCloseable {
        final Mesh mesh = net.mesh("Drop", dropDevice);
        final FileReceiver receiver;
        final List<FileReceiver.ReceivedFile> received = new CopyOnWriteArrayList<>();

        Drop(InboxWriter inbox) throws IOException {
            receiver = new FileReceiver(inbox, new Quota(inbox.dir(), Quota.UNLIMITED, Quota.UNLIMITED), p -> true,
                    new FileReceiver.Events() {
                        @Override
                        public void received(FileReceiver.ReceivedFile file) {
                            received.add(file);
                        }
                    });
            receiver.attach(mesh);
            net.join(mesh, "Drop");
            open.add(this);
        }

        /** Stops as the process would: staged bytes stay, the room sees it leave. */
        @Override
        public void close() {
            receiver.close();
            net.leave(mesh);
        }
    }

    FileSender sender(Mesh mesh) {
        FileSender s = new FileSender(mesh, Duration.ofMinutes(1));
        open.add(s);
        return s;
    }

    @Test
    void several_files_and_an_empty_one_arrive_verified_with_their_folders() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out/photos/2026"));
        Path a = randomFile(out, "a.jpg", 1_500_000, 1);
        Path b = randomFile(out.getParent(), "b.txt", 70_000, 2);
        Path empty = randomFile(out, "empty", 0, 3);
        InboxWriter inbox = new InboxWriter(tmp.resolve("inbox"));
        Drop drop = new Drop(inbox);
        Mesh mesh = net.mesh("Sender", senderDevice);
        FileSender sender = sender(mesh);
        net.join(mesh, "Sender");

        SendOutcome outcome = sender.send(dropOf(mesh), List.of(tmp.resolve("out/photos")))
                .outcome().get(30, TimeUnit.SECONDS);

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(SendOutcome.Status.VERIFIED);
        assertThat(outcome.files()).containsExactly("photos/2026/a.jpg", "photos/2026/empty", "photos/b.txt");
        assertThat(outcome.verified()).containsOnly(true);
        assertThat(Files.readAllBytes(inbox.dir().resolve("photos/2026/a.jpg"))).isEqualTo(Files.readAllBytes(a));
        assertThat(Files.readAllBytes(inbox.dir().resolve("photos/b.txt"))).isEqualTo(Files.readAllBytes(b));
        assertThat(inbox.dir().resolve("photos/2026/empty")).isEmptyFile();
        assertThat(drop.received).hasSize(3);
        soon().untilAsserted(() -> assertThat(inbox.stagedDirs()).isEmpty()); // cleaned up after it said done
        assertThat(empty).exists();
    }

    @Test
    void two_files_of_the_same_name_from_different_folders_both_arrive_named_as_the_drop_names_a_clash()
            throws Exception {
        Path a = randomFile(Files.createDirectories(tmp.resolve("out/a")), "same.txt", 10_000, 5);
        Path b = randomFile(Files.createDirectories(tmp.resolve("out/b")), "same.txt", 20_000, 6);
        InboxWriter inbox = new InboxWriter(tmp.resolve("inbox"));
        Drop drop = new Drop(inbox);
        Mesh mesh = net.mesh("Sender", senderDevice);
        FileSender sender = sender(mesh);
        net.join(mesh, "Sender");

        SendOutcome outcome = sender.send(dropOf(mesh), List.of(a, b)).outcome().get(30, TimeUnit.SECONDS);

        assertThat(outcome.status()).isEqualTo(SendOutcome.Status.VERIFIED);
        assertThat(outcome.files()).containsExactly("same.txt", "same (1).txt");
        assertThat(Files.readAllBytes(inbox.dir().resolve("same.txt"))).isEqualTo(Files.readAllBytes(a));
        assertThat(Files.readAllBytes(inbox.dir().resolve("same (1).txt"))).isEqualTo(Files.readAllBytes(b));
        assertThat(drop.received).hasSize(2);
    }

    @Test
    void a_transfer_cut_by_a_drop_restart_resumes_from_what_the_drop_held_and_verifies() throws Exception {
        int size = 6 << 20;
        long firstPart = 3L << 19; // 1.5 MiB pass before the drop goes away
        Path file = randomFile(Files.createDirectories(tmp.resolve("out")), "big.bin", size, 4);
        InboxWriter inbox = new InboxWriter(tmp.resolve("inbox"));
        Drop first = new Drop(inbox);
        Mesh mesh = net.mesh("Sender", senderDevice);
        FileSender sender = sender(mesh);
        net.join(mesh, "Sender");
        RemotePeer to = dropOf(mesh);

        net.gate().holdAfter(firstPart);
        OutgoingTransfer transfer = sender.send(to, List.of(file));
        // Acks come by bytes and by time, so their count is not the drop's: its staged file is.
        Path part = inbox.dir().resolve(".partial").resolve(transfer.id()).resolve("0.part");
        soon().until(() -> Files.exists(part) && Files.size(part) >= 1 << 20);
        first.close();
        net.gate().release();
        assertThat(transfer.outcome()).isNotDone();

        Drop second = new Drop(new InboxWriter(tmp.resolve("inbox"))); // same folder, same device, new peer id
        SendOutcome outcome = transfer.outcome().get(30, TimeUnit.SECONDS);

        assertThat(outcome.status()).isEqualTo(SendOutcome.Status.VERIFIED);
        assertThat(Files.readAllBytes(inbox.dir().resolve("big.bin"))).isEqualTo(Files.readAllBytes(file));
        assertThat(second.received).singleElement().satisfies(r -> assertThat(r.size()).isEqualTo(size));
        // What the first drop staged was not sent again: at least most of its first MiB was skipped.
        assertThat(net.gate().passed()).isLessThan(firstPart + size - (512 << 10));
        soon().untilAsserted(() -> assertThat(inbox.stagedDirs()).isEmpty()); // cleaned up after it said done
    }

    @Test
    void a_connection_that_breaks_under_a_transfer_is_rebuilt_while_both_stay_and_the_transfer_resumes_verified()
            throws Exception {
        net.repairFast();
        int size = 6 << 20;
        long firstPart = 3L << 19;
        Path file = randomFile(Files.createDirectories(tmp.resolve("out")), "big.bin", size, 5);
        InboxWriter inbox = new InboxWriter(tmp.resolve("inbox"));
        Drop drop = new Drop(inbox);
        Mesh mesh = net.mesh("Sender", senderDevice);
        FileSender sender = sender(mesh);
        List<String> heard = new CopyOnWriteArrayList<>();
        new io.peerhub.peer.chat.Chat(drop.mesh, (p, m) -> heard.add(m.text()));
        io.peerhub.peer.chat.Chat chat = new io.peerhub.peer.chat.Chat(mesh, (p, m) -> { });
        net.join(mesh, "Sender");
        RemotePeer to = dropOf(mesh);
        String dropId = to.id();

        net.gate().holdAfter(firstPart);
        OutgoingTransfer transfer = sender.send(to, List.of(file));
        Path part = inbox.dir().resolve(".partial").resolve(transfer.id()).resolve("0.part");
        soon().until(() -> Files.exists(part) && Files.size(part) >= 1 << 20);
        net.breakConnection(mesh, drop.mesh);
        // Held bytes are let go once the broken connection is replaced: none of them can land now.
        soon().until(() -> net.linksMade(mesh, drop.mesh) == 2);
        net.gate().release();

        SendOutcome outcome = transfer.outcome().get(30, TimeUnit.SECONDS);

        assertThat(outcome.status()).isEqualTo(SendOutcome.Status.VERIFIED);
        assertThat(Files.readAllBytes(inbox.dir().resolve("big.bin"))).isEqualTo(Files.readAllBytes(file));
        assertThat(drop.received).singleElement().satisfies(r -> assertThat(r.size()).isEqualTo(size));
        // Rebuilt, not rejoined: the drop kept its peer id, each side made one more link, and the
        // resume skipped what the drop held.
        assertThat(net.linksMade(mesh, drop.mesh)).isEqualTo(2);
        assertThat(net.linksMade(drop.mesh, mesh)).isEqualTo(2);
        assertThat(mesh.peer(dropId)).hasValueSatisfying(p -> assertThat(p.verified()).isTrue());
        assertThat(net.gate().passed()).isLessThan(firstPart + size - (512 << 10));
        assertThat(chat.say("back again")).isEqualTo(1);
        soon().until(() -> heard.contains("back again"));
    }

    /** The sender's view of the drop, once both hellos went through. */
    static RemotePeer dropOf(Mesh mesh) {
        soon().until(() -> mesh.peers().stream().anyMatch(p -> p.name().equals("Drop") && p.connected()
                && p.device() != null));
        return mesh.peers().stream().filter(p -> p.name().equals("Drop")).findFirst().orElseThrow();
    }

    static Path randomFile(Path dir, String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }
}
