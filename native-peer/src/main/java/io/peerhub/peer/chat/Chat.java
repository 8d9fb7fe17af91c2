package io.peerhub.peer.chat;

import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.protocol.peer.ChatEntry;
import io.peerhub.protocol.peer.ChatMessage;
import io.peerhub.protocol.peer.DirectText;
import io.peerhub.protocol.peer.PeerProtocolException;
import io.peerhub.protocol.peer.TransferIds;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room's chat, as the browser's web-client/src/chat.ts: each message goes to every connected
 * peer over its control channel (the server never sees chat text), signed with this device's key
 * so that the peers can keep it as history (docs/protocol.md "Chat history"); {@code direct}
 * texts go to one peer. Received text is handed over as text, never interpreted.
 */
public final class Chat {

    private static final Logger log = LoggerFactory.getLogger(Chat.class);

    private final Mesh mesh;
    private final BiConsumer<RemotePeer, ChatMessage> onMessage;
    private volatile ChatHistory history;
    private volatile BiConsumer<RemotePeer, DirectText> onDirect = (from, text) -> { };
    private volatile java.util.function.BooleanSupplier on = () -> true;
    private final java.util.concurrent.atomic.AtomicLong lastTs = new java.util.concurrent.atomic.AtomicLong();

    /** {@code onMessage} is called on the sending peer's link thread. */
    public Chat(Mesh mesh, BiConsumer<RemotePeer, ChatMessage> onMessage) {
        this.mesh = mesh;
        this.onMessage = onMessage;
        mesh.router().on(ChatMessage.class, this::receive);
        mesh.router().on(DirectText.class, (from, text) -> onDirect.accept(from, text));
    }

    /** Keeps the room's history in {@code history} (the keeper). Call before the node starts. */
    public void keepHistory(ChatHistory history) {
        this.history = history;
    }

    /** Where direct texts to this peer go (on the sender's link thread). Call before the node starts. */
    public void onDirect(BiConsumer<RemotePeer, DirectText> handler) {
        this.onDirect = handler;
    }

    /**
     * Room chat runs only while {@code on} says so (the hub's policy can turn chat off): then
     * nothing is said, and what peers say is neither shown nor kept.
     */
    public void onlyWhile(java.util.function.BooleanSupplier on) {
        this.on = on;
    }

    public boolean isOn() {
        return on.getAsBoolean();
    }

    /** Sends {@code text} to every connected peer; returns how many got it (none while chat is off). */
    public int say(String text) {
        if (!isOn()) {
            log.info("chat is off under the hub's policy: not sent");
            return 0;
        }
        String id = TransferIds.newId();
        long now = System.currentTimeMillis();
        // Strictly increasing per sender: two messages in one millisecond would otherwise sort
        // by their random ids (ChatEntry.ORDER), and a sender's own order would be a coin toss.
        long ts = lastTs.updateAndGet(prev -> Math.max(now, prev + 1));
        ChatMessage message;
        ChatEntry entry = null;
        try {
            entry = mesh.signChat(id, ts, text);
            message = ChatMessage.of(entry);
        } catch (PeerProtocolException e) {
            // A name the history rules refuse (not trimmed, say): the message still goes, unkept.
            message = new ChatMessage(id, text, ts);
        }
        if (entry != null && history != null) {
            history.keepMine(entry);
        }
        int sent = 0;
        for (RemotePeer p : mesh.peers()) {
            if (p.send(message)) {
                sent++;
            }
        }
        return sent;
    }

    /** Sends {@code text} to {@code peer} alone; false when its channel is not open. */
    public boolean sayTo(RemotePeer peer, String text) {
        return peer.send(new DirectText(TransferIds.newId(), text, System.currentTimeMillis()));
    }

    private void receive(RemotePeer from, ChatMessage message) {
        if (!isOn()) {
            log.debug("chat {} from {} dropped: chat is off under the hub's policy", message.id(), from);
            return;
        }
        if (message.signed()) {
            ChatHistory kept = history;
            boolean holds = kept != null ? kept.keepLive(from, message) : signatureHolds(from, message);
            if (!holds) {
                return;
            }
        }
        onMessage.accept(from, message);
    }

    private boolean signatureHolds(RemotePeer from, ChatMessage message) {
        ChatEntry e = message.entry(from.key());
        if (e != null && e.signatureHolds(mesh.roomId())) {
            return true;
        }
        log.warn("chat {} from {} dropped: its signature does not hold", message.id(), from);
        return false;
    }
}
