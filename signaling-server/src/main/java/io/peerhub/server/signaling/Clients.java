package io.peerhub.server.signaling;

import java.time.Duration;
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
        if (live.remove(client)) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    List<Client> snapshot() {
        return List.copyOf(live);
    }

    public int size() {
        return live.size();
    }

    /** Waits until every connection has closed, at most {@code timeout}; true if they all did. */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!live.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }
}
