package io.peerhub.peer.transfer.send;

import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.transfer.PolicyInForce;
import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.TransferAnswer;
import io.peerhub.protocol.peer.TransferCancel;
import io.peerhub.protocol.peer.TransferIds;
import io.peerhub.protocol.peer.TransferResume;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
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
    private volatile PolicyInForce policy = PolicyInForce.NONE;

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

    /**
     * Screens what is sent from now on by {@code policy}: a file it refuses, by name, size or first
     * bytes, is not offered at all (docs/protocol.md, "Hub policy"); the receiver judges again.
     */
    public FileSender policy(PolicyInForce policy) {
        this.policy = policy;
        return this;
    }

    /**
     * Offers {@code roots} (files or folders) to {@code to}; the transfer runs on its own threads.
     * Throws {@link PolicyRefusedException} when the policy refuses any file: then nothing is offered.
     */
    public OutgoingTransfer send(RemotePeer to, List<Path> roots) throws IOException {
        return offer(screened(to, SendList.of(roots)));
    }

    /** Offers each file under the path given for it (folders as components, e.g. ["photos", "a.jpg"]). */
    public OutgoingTransfer sendAs(RemotePeer to, Map<Path, List<String>> named) throws IOException {
        return offer(screened(to, SendList.named(named)));
    }

    private OutgoingTransfer screened(RemotePeer to, SendList list) throws IOException {
        screen(list);
        return OutgoingTransfer.prepare(to, TransferIds.newId(), list, resumeWindow, this::forget);
    }

    /** Every file's verdict, read from its first bytes as the receiver will; the batch's limit too. */
    private void screen(SendList list) throws IOException {
        List<String> refused = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < list.entries().size(); i++) {
            FileEntry e = list.entries().get(i);
            total += e.size();
            byte[] head;
            try (InputStream in = Files.newInputStream(list.sources().get(i))) {
                head = in.readNBytes(PolicyInForce.headLength(e.size()));
            }
            policy.refuseFile(e.path(), e.size(), head).ifPresent(refused::add);
        }
        policy.refuseBatch(total).ifPresent(refused::add);
        if (!refused.isEmpty()) {
            throw new PolicyRefusedException(refused, policy.notice());
        }
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
        screen(list);
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
            t.cancelledByReceiver(cancel.reason(), cancel.message());
        }
    }

    @Override
    public void close() {
        transfers.values().forEach(OutgoingTransfer::abandon);
    }
}
