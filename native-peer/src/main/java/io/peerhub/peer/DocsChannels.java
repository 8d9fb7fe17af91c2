package io.peerhub.peer;

import io.peerhub.peer.docs.DocChannel;
import io.peerhub.peer.docs.DocSync;
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
public final class DocsChannels implements Mesh.ControlListener {

    private static final Logger log = LoggerFactory.getLogger(DocsChannels.class);
    /** Below webrtc's 16 MiB send queue, past which it closes the channel silently (ENGINEERING.md). */
    private static final long HIGH_WATERMARK = 8L * 1024 * 1024;

    private final Mesh mesh;
    private final DocSync sync;
    private final Map<String, ChannelPort> channels = new ConcurrentHashMap<>();
    /** openChannel blocks on webrtc: never on a webrtc or link thread. */
    private final ExecutorService opener = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "peerhub-docs-open");
        t.setDaemon(true);
        return t;
    });

    private DocsChannels(Mesh mesh, DocSync sync) {
        this.mesh = mesh;
        this.sync = sync;
    }

    /** Starts keeping {@code mesh}'s peers in sync with {@code sync}'s documents. */
    public static DocsChannels attach(Mesh mesh, DocSync sync) {
        DocsChannels channels = new DocsChannels(mesh, sync);
        mesh.addListener(channels);
        return channels;
    }

    @Override
    public void hello(RemotePeer peer) {
        String self = mesh.selfId();
        if (self == null || !Negotiation.isPolite(self, peer.id())) {
            return;
        }
        opener.execute(() -> {
            ChannelPort current = channels.get(peer.id());
            if (current != null && current.isOpen()) {
                return;
            }
            try {
                adopt(peer, peer.link().openChannel(DocsProtocol.CHANNEL_LABEL));
            } catch (RuntimeException e) {
                log.debug("documents channel to {} not opened: {}", peer, e.toString());
            }
        });
    }

    @Override
    public boolean remoteChannel(RemotePeer peer, ChannelPort channel) {
        if (!DocsProtocol.CHANNEL_LABEL.equals(channel.label())) {
            return false;
        }
        adopt(peer, channel);
        return true;
    }

    @Override
    public void gone(RemotePeer peer) {
        ChannelPort channel = channels.remove(peer.id());
        sync.detach(peer.id());
        if (channel != null) {
            channel.dispose();
        }
    }

    private void adopt(RemotePeer peer, ChannelPort channel) {
        String peerId = peer.id();
        ChannelPort previous = channels.put(peerId, channel);
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
                return peer.link().maxMessageSize();
            }
        };
        channel.handler(new ChannelPort.Handler() {
            @Override
            public void open() {
                sync.attach(peerId, out);
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
                sync.receiveFrame(peerId, frame);
            }
        });
    }

    /** webrtc-java never fires its buffered-amount callback: poll, as the file sender does. */
    private static void waitForRoom(ChannelPort channel) {
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
