package io.peerhub.peer.chat;

import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.protocol.peer.ChatMessage;
import io.peerhub.protocol.peer.TransferIds;
import java.util.function.BiConsumer;

/**
 * The room's chat, as the browser's web-client/src/chat.ts: each message goes to every connected
 * peer over its control channel (the server never sees chat text). Received text is handed over
 * as text, never interpreted.
 */
public final class Chat {

    private final Mesh mesh;

    /** {@code onMessage} is called on the sending peer's link thread. */
    public Chat(Mesh mesh, BiConsumer<RemotePeer, ChatMessage> onMessage) {
        this.mesh = mesh;
        mesh.router().on(ChatMessage.class, onMessage::accept);
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
}
