package io.peerhub.peer.transfer.receive;

import io.peerhub.peer.mesh.DeviceIdentity;
import static io.peerhub.peer.mesh.MemoryNetwork.soon;

import io.peerhub.peer.mesh.DataChannel;
import io.peerhub.peer.mesh.MemoryNetwork;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.protocol.peer.ChunkFrame;
import io.peerhub.protocol.peer.FileEnd;
import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.Manifest;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.PeerMessage;
import io.peerhub.protocol.peer.TransferAnswer;
import io.peerhub.protocol.peer.TransferCancel;
import io.peerhub.protocol.peer.TransferIds;
import io.peerhub.protocol.peer.TransferOffer;
import io.peerhub.protocol.peer.TransferResume;
import io.peerhub.protocol.peer.Transfers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sender whose every frame the test writes by hand, on a real mesh: it can break the protocol
 * in ways the real sender never would. What the drop says back is kept for the test to read.
 */
final class ScriptedSender {

    private static final PeerCodec CODEC = new PeerCodec();

    final Mesh mesh;
    private final List<PeerMessage> control = new CopyOnWriteArrayList<>();

    ScriptedSender(MemoryNetwork net, DeviceIdentity device) {
        mesh = net.mesh("Mallory", device);
        mesh.router()
                .on(TransferAnswer.class, (from, m) -> control.add(m))
                .on(TransferResume.class, (from, m) -> control.add(m))
                .on(TransferCancel.class, (from, m) -> control.add(m));
        net.join(mesh, "Mallory");
    }

    /** The drop, once both hellos went through. */
    RemotePeer drop() {
        soon().until(() -> mesh.peers().stream().anyMatch(ScriptedSender::isDrop));
        return mesh.peers().stream().filter(ScriptedSender::isDrop).findFirst().orElseThrow();
    }

    /** Offers {@code entries}; returns the transfer id. */
    String offer(List<FileEntry> entries) {
        return offer(entries, Transfers.MAX_CONTROL_MESSAGE_BYTES);
    }

    /** Offers {@code entries} in parts of at most {@code partBytes}; returns the transfer id. */
    String offer(List<FileEntry> entries, int partBytes) {
        String id = TransferIds.newId();
        long total = entries.stream().mapToLong(FileEntry::size).sum();
        Manifest manifest = Manifest.validate(id, entries, entries.size(), total);
        RemotePeer drop = drop();
        for (TransferOffer part : manifest.toOffers(CODEC, partBytes)) {
            drop.send(part);
        }
        return id;
    }

    /** The drop's answer to offer {@code id}, waiting for it; other answers stay unread. */
    TransferAnswer answer(String id) {
        soon().until(() -> control.stream().anyMatch(m -> m instanceof TransferAnswer a && a.id().equals(id)));
        PeerMessage m = control.stream().filter(x -> x instanceof TransferAnswer a && a.id().equals(id))
                .findFirst().orElseThrow();
        control.remove(m);
        return (TransferAnswer) m;
    }

    /** The first control message of {@code type} from the drop not read yet, waiting for it. */
    <T extends PeerMessage> T next(Class<T> type) {
        soon().until(() -> control.stream().anyMatch(type::isInstance));
        PeerMessage m = control.stream().filter(type::isInstance).findFirst().orElseThrow();
        control.remove(m);
        return type.cast(m);
    }

    List<PeerMessage> control() {
        return control;
    }

    private static boolean isDrop(RemotePeer p) {
        return p.name().equals("Drop") && p.connected() && p.device() != null;
    }

    /** A transfer channel for {@code id}, as the sender opens one after the answer. */
    Wire channel(String id) {
        return new Wire(drop().openChannel(Transfers.FILE_CHANNEL_PREFIX + id));
    }

    static FileEntry entry(String name, long size) {
        return new FileEntry(List.of(name), size, "", null);
    }

    /** One transfer channel: frames go out as written; what comes back is decoded and kept. */
    static final class Wire {
        final DataChannel channel;
        final List<PeerMessage> back = new CopyOnWriteArrayList<>();

        Wire(DataChannel channel) {
            this.channel = channel;
            channel.handler(new DataChannel.Handler() {
                @Override
                public void open() {}

                @Override
                public void closed() {}

                @Override
                public void text(byte[] utf8) {
                    back.add(CODEC.decodeTransfer(utf8));
                }

                @Override
                public void binary(byte[] frame) {}
            });
        }

        /** Sends {@code bytes[from, to)} of file {@code file} as one chunk at offset {@code from}. */
        void chunk(int file, byte[] bytes, int from, int to) {
            ByteBuffer frame = ByteBuffer.allocate(Transfers.CHUNK_HEADER_BYTES + (to - from));
            ChunkFrame.writeHeader(frame, file, from);
            frame.put(bytes, from, to - from).flip();
            channel.sendBinary(frame);
        }

        /** Sends {@code bytes[from, to)} in chunks of at most 64 KiB. */
        void chunks(int file, byte[] bytes, int from, int to) {
            for (int at = from; at < to; at += 64 * 1024) {
                chunk(file, bytes, at, Math.min(to, at + 64 * 1024));
            }
        }

        void fileEnd(int file, String sha256) {
            channel.sendText(CODEC.encode(new FileEnd(file, sha256)));
        }

        <T extends PeerMessage> List<T> all(Class<T> type) {
            List<T> out = new ArrayList<>();
            back.stream().filter(type::isInstance).map(type::cast).forEach(out::add);
            return out;
        }
    }
}
