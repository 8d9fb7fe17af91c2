package io.peerhub.server.signaling;

import io.peerhub.protocol.ErrorCode;
import io.peerhub.protocol.ProtocolException;
import java.util.function.Consumer;

/** Runs a handler's work on the sender's session, under its room's lock. */
final class Membership {

    /**
     * @throws ProtocolException {@code not-joined} when the connection no longer speaks for a peer
     *     in a room (it left, or a resume elsewhere took its peer, since the dispatcher looked)
     */
    static void withSession(Client client, String ref, Consumer<Session> action) {
        Session session = client.session();
        if (session == null) {
            throw notJoined(ref);
        }
        synchronized (session.room()) {
            if (!session.isSpokenForBy(client)) {
                throw notJoined(ref);
            }
            action.accept(session);
        }
    }

    private Membership() {}

    static ProtocolException notJoined(String ref) {
        return new ProtocolException(ErrorCode.NOT_JOINED, "send join first", ref);
    }
}
