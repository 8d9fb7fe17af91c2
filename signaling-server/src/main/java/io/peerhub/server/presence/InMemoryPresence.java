package io.peerhub.server.presence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Presence for one node, in this process: the default. Every peer is this node's own, so nothing
 * expires, no other node is ever addressed, and the store is always available. The signaling logic
 * runs the same code path as with Redis, which keeps one path to test.
 */
public final class InMemoryPresence implements PresenceStore {

    private final String nodeId;
    private final String advertisedUrl;
    /** Room id to its peers by id. */
    private final Map<String, Map<String, PeerRecord>> rooms = new ConcurrentHashMap<>();
    private final List<Consumer<ClusterEvent>> listeners = new CopyOnWriteArrayList<>();

    /** @param advertisedUrl this node's public WebSocket URL, or null */
    public InMemoryPresence(String nodeId, String advertisedUrl) {
        this.nodeId = nodeId;
        this.advertisedUrl = advertisedUrl;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void onEvent(Consumer<ClusterEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public void register(PeerRecord record) {
        rooms.compute(record.room(), (id, peers) -> {
            Map<String, PeerRecord> m = peers != null ? peers : new ConcurrentHashMap<>();
            m.put(record.peerId(), record);
            return m;
        });
    }

    @Override
    public Set<String> refresh(Collection<PeerRecord> ownPeers) {
        return Set.of(); // nothing expires in memory
    }

    @Override
    public void unregister(PeerRecord record) {
        rooms.computeIfPresent(record.room(), (id, peers) -> {
            peers.remove(record.peerId());
            return peers.isEmpty() ? null : peers;
        });
    }

    @Override
    public List<PeerRecord> members(String room) {
        Map<String, PeerRecord> peers = rooms.get(room);
        return peers == null ? List.of() : new ArrayList<>(peers.values());
    }

    /** Every peer here is this node's own, which the node resumes without asking: nothing to claim. */
    @Override
    public Optional<PeerRecord> claim(String room, String tokenHash, String newTokenHash) {
        return Optional.empty();
    }

    @Override
    public CompletionStage<Boolean> publish(String node, ClusterEvent event) {
        if (!node.equals(nodeId)) {
            return CompletableFuture.completedFuture(false);
        }
        listeners.forEach(l -> l.accept(event));
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public List<String> nodeUrls() {
        return advertisedUrl == null ? List.of() : List.of(advertisedUrl);
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public boolean isStableFor(Duration period) {
        return true;
    }

    @Override
    public void close() {
        rooms.clear();
    }
}
