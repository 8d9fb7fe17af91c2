package io.peerhub.server.signaling;

import io.peerhub.protocol.PeerUpdated;
import io.peerhub.protocol.Rename;

/** {@code rename}: the room (but not the renamer, who knows), on every node, receives {@code peer-updated}. */
final class RenameHandler implements MessageHandler<Rename> {

    private final ClusterLink cluster;

    RenameHandler(ClusterLink cluster) {
        this.cluster = cluster;
    }

    @Override
    public void handle(Client client, Rename rename) {
        Membership.withSession(client, Rename.TYPE, session -> {
            session.rename(rename.name());
            session.room().broadcast(new PeerUpdated(session.peer()), session);
            cluster.renamed(session);
        });
    }
}
