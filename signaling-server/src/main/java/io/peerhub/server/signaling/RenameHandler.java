package io.peerhub.server.signaling;

import io.peerhub.protocol.PeerUpdated;
import io.peerhub.protocol.Rename;

/** {@code rename}: the room (but not the renamer, who knows) receives {@code peer-updated}. */
final class RenameHandler implements MessageHandler<Rename> {

    @Override
    public void handle(Client client, Rename rename) {
        Membership.withSession(client, Rename.TYPE, session -> {
            session.rename(rename.name());
            session.room().broadcast(new PeerUpdated(session.peer()), session);
        });
    }
}
