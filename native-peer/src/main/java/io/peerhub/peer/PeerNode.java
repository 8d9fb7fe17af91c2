package io.peerhub.peer;

import io.peerhub.peer.chat.Chat;
import io.peerhub.peer.chat.ChatFile;
import io.peerhub.peer.chat.ChatHistory;
import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.peer.share.Library;
import io.peerhub.peer.share.ShareService;
import io.peerhub.peer.signaling.RoomAddress;
import io.peerhub.peer.signaling.SignalingClient;
import io.peerhub.peer.transfer.receive.FileReceiver;
import io.peerhub.peer.transfer.send.FileSender;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.peer.ChatMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Java peer in one room: signaling, the mesh of links, chat, a file sender, and optionally a
 * drop's receiver and a shared folder, put together the one way the commands use them. {@link
 * #close()} tears down in the order webrtc-java needs: leave the room, stop transfers, close
 * channels and connections, and only then the factory (when this node owns it).
 */
public final class PeerNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerNode.class);

    private final RtcRuntime rtc;
    private final boolean ownsRuntime;
    private final Mesh mesh;
    private final SignalingClient signaling;
    private final Chat chat;
    private final FileSender sender;
    private FileReceiver receiver;
    private ChatHistory history;
    private ShareService share;
    private boolean closed;

    public PeerNode(RtcRuntime rtc, boolean ownsRuntime, RoomAddress address, String name, ClientKind kind,
                    DeviceIdentity identity, BiConsumer<RemotePeer, ChatMessage> onChat, Duration resumeWindow) {
        this.rtc = rtc;
        this.ownsRuntime = ownsRuntime;
        this.mesh = new Mesh(rtc, name, identity, address.key());
        this.chat = new Chat(mesh, onChat);
        this.sender = new FileSender(mesh, resumeWindow);
        this.signaling = new SignalingClient(address, name, kind, mesh);
        mesh.signalVia(signaling::signal);
        sender.policy(io.peerhub.peer.transfer.PolicyInForce.NONE.under(signaling::hubPolicy));
        chat.onlyWhile(() -> signaling.hubPolicy().chat());
    }

    /** Makes this node a drop: offers are answered by {@code receiver}. Call before {@link #start()}. */
    public PeerNode receiveWith(FileReceiver receiver) {
        this.receiver = receiver;
        receiver.policy(receiver.policy().under(signaling::hubPolicy));
        receiver.attach(mesh);
        return this;
    }

    /**
     * Makes this node keep the room's chat history in {@code file} (null: in memory), and serve
     * it to peers that join later. Call before {@link #start()}.
     */
    public ChatHistory keepChat(ChatFile file) throws java.io.IOException {
        history = new ChatHistory(mesh, file, java.time.Clock.systemUTC());
        chat.keepHistory(history);
        return history;
    }

    /**
     * Makes this node serve {@code library} to the peers {@code mayUse} lets browse and pull (the
     * library is the caller's to close). Call before {@link #start()}.
     */
    public PeerNode share(Library library, Predicate<RemotePeer> mayUse) {
        // Shared folders off under the hub's policy: peers see nothing shared, and searches and pulls are refused.
        share = new ShareService(mesh, sender, library, p -> signaling.hubPolicy().sharedFolders() && mayUse.test(p));
        return this;
    }

    public PeerNode start() {
        signaling.start();
        return this;
    }

    /** The hub's policy as the server last said (none before the welcome). */
    public io.peerhub.protocol.policy.HubPolicy hubPolicy() {
        return signaling.hubPolicy();
    }

    /** The receiver {@link #receiveWith} made this node, or null. */
    public FileReceiver receiver() {
        return receiver;
    }

    public Mesh mesh() {
        return mesh;
    }

    public Chat chat() {
        return chat;
    }

    public FileSender sender() {
        return sender;
    }

    /** The first connected peer called {@code name}, waiting up to {@code timeout} for one. */
    public Optional<RemotePeer> awaitPeer(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (RemotePeer p : mesh.peers()) {
                if (p.name().equals(name) && p.connected() && p.verified()) {
                    return Optional.of(p);
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        signaling.close();
        if (share != null) {
            share.close();
        }
        sender.close();
        if (receiver != null) {
            receiver.close();
        }
        mesh.close();
        if (history != null) {
            history.close();
        }
        if (ownsRuntime) {
            rtc.close();
        }
        log.info("stopped");
    }
}
