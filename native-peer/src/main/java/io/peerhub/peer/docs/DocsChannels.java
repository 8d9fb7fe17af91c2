package io.peerhub.peer.docs;

import io.peerhub.peer.mesh.DataChannel;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.protocol.peer.DocsProtocol;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the documents sync layer a {@code peerhub-docs} channel per peer, as the browser does
 * (web-client/src/docs/doc-channels.ts): the peer whose id sorts lower opens it once the control
 * channel is up (here: at the peer's {@code hello}); the other side takes it when it arrives.
 * Binary messages are sync frames; text messages (other peers' carets) are not for us.
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

    private DocsChannels(DocSync sync) {
        this.sync = sync;
    }

    /** Starts keeping {@code mesh}'s peers in sync with {@code sync}'s documents. */
    public static DocsChannels attach(Mesh mesh, DocSync sync) {
        DocsChannels channels = new DocsChannels(sync);
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
            channels.adopt(peer, channel);
            return true;
        });
        return channels;
    }

    private void hello(RemotePeer peer) {
        if (!peer.polite()) {
            return;
        }
        opener.execute(() -> {
            DataChannel current = channels.get(peer.id());
            if (current != null && current.isOpen()) {
                return;
            }
            try {
                adopt(peer, peer.openChannel(DocsProtocol.CHANNEL_LABEL));
            } catch (RuntimeException e) {
                log.debug("documents channel to {} not opened: {}", peer, e.toString());
            }
        });
    }

    private void gone(RemotePeer peer) {
        DataChannel channel = channels.remove(peer.id());
        sync.detach(peer.id());
        if (channel != null) {
            channel.dispose();
        }
    }

    private void adopt(RemotePeer peer, DataChannel channel) {
        String peerId = peer.id();
        DataChannel previous = channels.put(peerId, channel);
        if (previous != null && previous != channel) {
            previous.dispose();
        }
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
