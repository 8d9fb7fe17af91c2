package io.peerhub.peer.docs;

import io.peerhub.peer.mesh.DataChannel;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.peer.DocsProtocol;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the documents sync layer a {@code peerhub-docs} channel per peer. A browser loads its
 * documents engine only when documents are needed, and a channel arriving is what tells it they
 * are (web-client/src/docs/lazy-docs.ts). So a keeper ({@link #attach}) opens one only to Java
 * peers whose id sorts higher, and takes the one a browser opens when its documents are up; a
 * publisher ({@link #attachPublisher}, the {@code doc} command) opens one to every peer at its
 * {@code hello}, since it comes to change documents. When both sides opened one at once, both
 * keep the one opened by the peer whose id sorts lower, as the browser does
 * (web-client/src/docs/doc-channels.ts). Binary messages are sync frames; text messages (other
 * peers' carets) are not for us.
 */
public final class DocsChannels {

    private static final Logger log = LoggerFactory.getLogger(DocsChannels.class);
    /** Below webrtc's 16 MiB send queue, past which it closes the channel silently (ENGINEERING.md). */
    private static final long HIGH_WATERMARK = 8L * 1024 * 1024;

    private final DocSync sync;
    private final Map<String, DataChannel> channels = new ConcurrentHashMap<>();
    /** openChannel blocks on webrtc: never on a webrtc or link thread. */
    private final ExecutorService opener = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "peerhub-docs-open");
        t.setDaemon(true);
        return t;
    });

    /** The channels we opened, to settle which one stays when both sides opened one. */
    private final Set<DataChannel> ours = ConcurrentHashMap.newKeySet();
    private final boolean opensToEveryone;
    private volatile java.util.function.BooleanSupplier on = () -> true;

    private DocsChannels(DocSync sync, boolean opensToEveryone) {
        this.sync = sync;
        this.opensToEveryone = opensToEveryone;
    }

    /** Keeps {@code mesh}'s peers in sync with {@code sync}'s documents, waiting for browsers to open them. */
    public static DocsChannels attach(Mesh mesh, DocSync sync) {
        return attach(mesh, sync, false);
    }

    /** Like {@link #attach}, for a peer that comes to change documents: it brings them to every peer. */
    public static DocsChannels attachPublisher(Mesh mesh, DocSync sync) {
        return attach(mesh, sync, true);
    }

    /**
     * Documents are shared only while {@code on} says so (the hub's policy can turn them off):
     * no channel is opened or taken then; channels already open keep going.
     */
    public DocsChannels onlyWhile(java.util.function.BooleanSupplier on) {
        this.on = on;
        return this;
    }

    private static DocsChannels attach(Mesh mesh, DocSync sync, boolean opensToEveryone) {
        DocsChannels channels = new DocsChannels(sync, opensToEveryone);
        mesh.addPeerListener(new Mesh.PeerListener() {
            @Override
            public void hello(RemotePeer peer) {
                channels.hello(peer);
            }

            @Override
            public void gone(RemotePeer peer) {
                channels.gone(peer);
            }

            /** Its connection is rebuilt: the documents channel goes with it; a new one opens at its hello. */
            @Override
            public void linkLost(RemotePeer old) {
                channels.gone(old);
            }
        });
        mesh.onChannel(DocsProtocol.CHANNEL_LABEL::equals, (peer, channel) -> {
            if (!channels.on.getAsBoolean()) {
                log.info("documents channel from {} refused: documents are off under the hub's policy", peer);
                return false;
            }
            channels.offer(peer, channel, false);
            return true;
        });
        return channels;
    }

    private void hello(RemotePeer peer) {
        if (!on.getAsBoolean()) {
            return;
        }
        if (!opensToEveryone && (!peer.polite() || peer.kind() == ClientKind.BROWSER)) {
            return;
        }
        opener.execute(() -> {
            DataChannel current = channels.get(peer.id());
            if (current != null && current.isOpen()) {
                return;
            }
            DataChannel mine;
            try {
                mine = peer.openChannel(DocsProtocol.CHANNEL_LABEL);
            } catch (RuntimeException e) {
                log.debug("documents channel to {} not opened: {}", peer, e.toString());
                return;
            }
            ours.add(mine);
            offer(peer, mine, true);
        });
    }

    /**
     * A channel to {@code peer}, ours or theirs: it replaces the one we have, except that when one
     * is ours and the other theirs (both sides opened one), the lower id's stays. Disposing runs
     * outside the lock: it may wait on webrtc, whose threads also offer channels.
     */
    private void offer(RemotePeer peer, DataChannel candidate, boolean mine) {
        DataChannel loser;
        synchronized (this) {
            DataChannel current = channels.get(peer.id());
            boolean glare = current != null && current != candidate && ours.contains(current) != mine;
            boolean candidateStays = !glare || mine == peer.polite();
            if (candidateStays) {
                channels.put(peer.id(), candidate);
                loser = current == candidate ? null : current;
            } else {
                loser = candidate;
            }
        }
        if (loser != null) {
            ours.remove(loser);
            loser.dispose();
        }
        if (loser != candidate) {
            adopt(peer, candidate);
        }
    }

    private void gone(RemotePeer peer) {
        DataChannel channel = channels.remove(peer.id());
        sync.detach(peer.id());
        if (channel != null) {
            ours.remove(channel);
            channel.dispose();
        }
    }

    /** Reads and writes the documents on {@code channel}, now {@code peer}'s. */
    private void adopt(RemotePeer peer, DataChannel channel) {
        String peerId = peer.id();
        DocChannel out = new DocChannel() {
            @Override
            public boolean sendBytes(byte[] frame) {
                waitForRoom(channel);
                return channel.sendBinary(ByteBuffer.wrap(frame));
            }

            @Override
            public int frameBytes() {
                return peer.maxMessageSize();
            }
        };
        channel.handler(new DataChannel.Handler() {
            /**
             * A channel that arrived open gives the messages it held before open() (DataChannel's
             * promise): attach at the first of them, or the peer's first sync messages are lost,
             * and with them, when both sides look alike, every reason to send another.
             */
            private boolean attached;

            @Override
            public void open() {
                attachOnce();
            }

            private void attachOnce() {
                if (!attached) {
                    attached = true;
                    sync.attach(peerId, out);
                }
            }

            @Override
            public void closed() {
                ours.remove(channel);
                if (channels.remove(peerId, channel)) {
                    sync.detach(peerId);
                }
            }

            @Override
            public void text(byte[] utf8) {
                // Cursor messages: the Java peer shows no carets.
            }

            @Override
            public void binary(byte[] frame) {
                attachOnce();
                sync.receiveFrame(peerId, frame);
            }
        });
    }

    /** webrtc-java never fires its buffered-amount callback: poll, as the file sender does. */
    private static void waitForRoom(DataChannel channel) {
        try {
            while (channel.isOpen() && channel.bufferedAmount() > HIGH_WATERMARK) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void close() {
        opener.shutdownNow();
    }
}
