package io.peerhub.peer.transfer.send;

import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.TransferAnswer;
import io.peerhub.protocol.peer.TransferCancel;
import io.peerhub.protocol.peer.TransferResume;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sending side of file transfer: offers files to one peer and streams them once accepted.
 * Transfers stay resumable while the process lives: a receiver that comes back (under any peer
 * id) with a {@code transfer-resume} for a transfer id it alone knows continues from its bytes.
 */
public final class FileSender implements AutoCloseable {

    private final Map<String, OutgoingTransfer> transfers = new ConcurrentHashMap<>();
    private final Duration resumeWindow;

    /** A sender for {@code mesh}'s peers; it registers for the messages receivers send back. */
    public FileSender(Mesh mesh, Duration resumeWindow) {
        this.resumeWindow = resumeWindow;
        mesh.router()
                .on(TransferAnswer.class, this::answered)
                .on(TransferResume.class, this::resumed)
                .on(TransferCancel.class, this::cancelled);
        mesh.addPeerListener(new Mesh.PeerListener() {
            @Override
            public void gone(RemotePeer peer) {
                transfers.values().forEach(t -> t.peerGone(peer));
            }

            /** Its connection is rebuilt: as if it left, the receiver resumes once verified on the new one. */
            @Override
            public void linkLost(RemotePeer old) {
                transfers.values().forEach(t -> t.peerGone(old));
            }
        });
    }

    /** Offers {@code roots} (files or folders) to {@code to}; the transfer runs on its own threads. */
    public OutgoingTransfer send(RemotePeer to, List<Path> roots) throws IOException {
        return offer(OutgoingTransfer.prepare(to, roots, resumeWindow, this::forget));
    }

    /** Offers each file under the path given for it (folders as components, e.g. ["photos", "a.jpg"]). */
    public OutgoingTransfer sendAs(RemotePeer to, Map<Path, List<String>> named) throws IOException {
        return offer(OutgoingTransfer.prepare(to, named, resumeWindow, this::forget));
    }

    /**
     * Offers files a peer pulled (docs/protocol.md "Shared folders"), under the pull's id: each
     * source with the entry the receiver sees (its path in the share and its SHA-256). Refused
     * when a transfer with that id exists, which only a confused or hostile puller causes.
     */
    public OutgoingTransfer sendPulled(RemotePeer to, String id, List<Path> sources, List<FileEntry> entries)
            throws IOException {
        if (transfers.containsKey(id)) {
            throw new IOException("a transfer " + id + " exists already");
        }
        SendList list = new SendList(List.copyOf(sources), SendList.distinct(entries));
        OutgoingTransfer t = OutgoingTransfer.prepare(to, id, list, resumeWindow, this::forget);
        if (transfers.putIfAbsent(id, t) != null) {
            t.abandon();
            throw new IOException("a transfer " + id + " exists already");
        }
        t.offer();
        return t;
    }

    /** Registered before the offer goes out: on loopback the answer can arrive within a millisecond. */
    private OutgoingTransfer offer(OutgoingTransfer t) {
        transfers.put(t.id(), t);
        t.offer();
        return t;
    }

    private void forget(OutgoingTransfer t) {
        transfers.remove(t.id(), t);
    }

    private void answered(RemotePeer peer, TransferAnswer answer) {
        OutgoingTransfer t = transfers.get(answer.id());
        if (t != null && t.isTo(peer)) {
            t.answered(answer);
        }
    }

    private void resumed(RemotePeer peer, TransferResume resume) {
        OutgoingTransfer t = transfers.get(resume.id());
        if (t != null) {
            t.resume(peer, resume.have()); // the id is the receiver's bearer secret
        }
    }

    private void cancelled(RemotePeer peer, TransferCancel cancel) {
        OutgoingTransfer t = transfers.get(cancel.id());
        if (t != null && t.isTo(peer)) {
            t.cancelledByReceiver(cancel.reason());
        }
    }

    @Override
    public void close() {
        transfers.values().forEach(OutgoingTransfer::abandon);
    }
}
