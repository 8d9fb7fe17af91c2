package io.peerhub.peer;

import io.peerhub.protocol.peer.ChatMessage;
import io.peerhub.protocol.peer.PeerMessage;
import io.peerhub.protocol.peer.TransferIds;
import java.util.function.BiConsumer;

/**
 * The room's chat: each message goes to every connected peer over its control channel (the
 * server never sees chat text). Received text is handed over as text, never interpreted.
 */
public final class Chat implements Mesh.ControlListener {

    private final Mesh mesh;
    private final BiConsumer<RemotePeer, ChatMessage> onMessage;

    public Chat(Mesh mesh, BiConsumer<RemotePeer, ChatMessage> onMessage) {
        this.mesh = mesh;
        this.onMessage = onMessage;
        mesh.addListener(this);
    }

    /** Sends {@code text} to every connected peer; returns how many got it. */
    public int say(String text) {
        ChatMessage message = new ChatMessage(TransferIds.newId(), text, System.currentTimeMillis());
        int sent = 0;
        for (RemotePeer p : mesh.peers()) {
            if (p.send(message)) {
                sent++;
            }
        }
        return sent;
    }

    @Override
    public void message(RemotePeer peer, PeerMessage message) {
        if (message instanceof ChatMessage chat) {
            onMessage.accept(peer, chat);
        }
    }
}
