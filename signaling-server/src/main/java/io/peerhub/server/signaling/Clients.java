package io.peerhub.server.signaling;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open connections, for the heartbeat and for shutdown. */
public final class Clients {

    private final Set<Client> live = ConcurrentHashMap.newKeySet();

    void add(Client client) {
        live.add(client);
    }

    void remove(Client client) {
        live.remove(client);
    }

    List<Client> snapshot() {
        return List.copyOf(live);
    }

    public int size() {
        return live.size();
    }
}
