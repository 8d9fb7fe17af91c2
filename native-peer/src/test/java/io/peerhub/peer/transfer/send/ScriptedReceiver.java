package io.peerhub.peer.transfer.send;

import io.peerhub.peer.mesh.DeviceIdentity;
import static io.peerhub.peer.mesh.MemoryNetwork.soon;

import io.peerhub.peer.mesh.DataChannel;
import io.peerhub.peer.mesh.MemoryNetwork;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.protocol.peer.ChunkFrame;
import io.peerhub.protocol.peer.FileEnd;
import io.peerhub.protocol.peer.Manifest;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.PeerMessage;
import io.peerhub.protocol.peer.TransferOffer;
import io.peerhub.protocol.peer.Transfers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A receiver whose every answer the test writes by hand, on a real mesh: it can hold, refuse,
 * cancel or ask to resume whenever the test likes. What the sender sends is kept for the test to
 * read, chunk headers and file-ends in the order they came.
 */
final class ScriptedReceiver {

    private static final PeerCodec CODEC = new PeerCodec();

    final Mesh mesh;
    private final List<TransferOffer> offers = new CopyOnWriteArrayList<>();
    private final List<Wire> wires = new CopyOnWriteArrayList<>();
    private int wiresRead;

    ScriptedReceiver(MemoryNetwork net, DeviceIdentity device) {
        mesh = net.mesh("Receiver", device);
        mesh.router().on(TransferOffer.class, (from, offer) -> offers.add(offer));
        mesh.onChannel(label -> label.startsWith(Transfers.FILE_CHANNEL_PREFIX), (peer, channel) -> {
            wires.add(new Wire(channel));
            return true;
        });
        net.join(mesh, "Receiver");
    }

    /** The sender, once both hellos went through. */
    RemotePeer sender() {
        soon().until(() -> mesh.peers().size() == 1 && mesh.peers().get(0).connected()
                && mesh.peers().get(0).device() != null);
        return mesh.peers().get(0);
    }

    /** The next offer, all its parts assembled. */
    Manifest offer() {
        soon().until(() -> !offers.isEmpty() && offers.size() == offers.get(0).parts());
        List<TransferOffer> parts = new ArrayList<>(offers);
        offers.clear();
        return Manifest.assemble(parts);
    }

    void say(PeerMessage message) {
        sender().send(message);
    }

    /** The next transfer channel the sender opens. */
    Wire channel() {
        soon().until(() -> wires.size() > wiresRead);
        return wires.get(wiresRead++);
    }

    /** A frame as it arrived: a chunk's header and length, or a file-end. */
    record Frame(int file, long offset, int length, String sha256) {
        boolean isFileEnd() {
            return sha256 != null;
        }
    }

    /** One transfer channel: what the sender streams is kept; answers go back as written. */
    static final class Wire {
        final DataChannel channel;
        final List<Frame> frames = new CopyOnWriteArrayList<>();

        Wire(DataChannel channel) {
            this.channel = channel;
            channel.handler(new DataChannel.Handler() {
                @Override
                public void open() {}

                @Override
                public void closed() {}

                @Override
                public void text(byte[] utf8) {
                    if (CODEC.decodeTransfer(utf8) instanceof FileEnd end) {
                        frames.add(new Frame(end.file(), -1, 0, end.sha256()));
                    }
                }

                @Override
                public void binary(byte[] bytes) {
                    ChunkFrame h = ChunkFrame.readHeader(ByteBuffer.wrap(bytes));
                    frames.add(new Frame((int) h.file(), h.offset(), h.length(), null));
                }
            });
        }

        /** Waits for the file-end of {@code file}. */
        Frame fileEnd(int file) {
            soon().until(() -> frames.stream().anyMatch(f -> f.isFileEnd() && f.file() == file));
            return frames.stream().filter(f -> f.isFileEnd() && f.file() == file).findFirst().orElseThrow();
        }

        List<Frame> chunks(int file) {
            return frames.stream().filter(f -> !f.isFileEnd() && f.file() == file).toList();
        }

        void say(PeerMessage message) {
            channel.sendText(CODEC.encode(message));
        }
    }
}
