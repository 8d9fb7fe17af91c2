package io.peerhub.server.presence;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Where the nodes of one deployment keep who is in which room and on which node, and how they
 * reach each other. Two implementations: {@link InMemoryPresence} (one node, the default) and
 * {@code presence.redis.RedisPresence} (many nodes sharing a Redis).
 *
 * <p>Calls that return something block for at most the store's command timeout and throw
 * {@link PresenceUnavailableException} when the store cannot answer; calls that return nothing are
 * fire-and-forget and count their failures. Nothing here ever queues without bound.
 */
public interface PresenceStore extends AutoCloseable {

    /** This node's id, unique per process. */
    String nodeId();

    /** Calls {@code listener} for every event addressed to this node (on one thread, in order). */
    void onEvent(Consumer<ClusterEvent> listener);

    /** Records a peer that just joined on this node. */
    void register(PeerRecord record);

    /**
     * Keeps this node's peers alive and re-creates any the store lost (after a Redis restart).
     * Returns the ids of peers that another node has taken over meanwhile (they resumed there).
     */
    Set<String> refresh(Collection<PeerRecord> ownPeers);

    /** Forgets a peer that left for good. */
    void unregister(PeerRecord record);

    /** Every live peer of the room, on every node. */
    List<PeerRecord> members(String room);

    /**
     * Moves the peer whose current resume token hashes to {@code tokenHash} in {@code room} to this
     * node, with {@code newTokenHash} from now on. Empty when no such peer is alive. Atomic: of two
     * nodes claiming the same token, one wins.
     */
    Optional<PeerRecord> claim(String room, String tokenHash, String newTokenHash);

    /**
     * Sends an event to node {@code node}. Completes with false when the store knows that no node
     * took it (none listens for {@code node}: it is gone), with true when one did or the store
     * cannot tell, and exceptionally when the store could not be reached; never waits.
     */
    CompletionStage<Boolean> publish(String node, ClusterEvent event);

    /** The public WebSocket URLs that the live nodes advertise, this one's included. */
    List<String> nodeUrls();

    /** Whether the store answers now (what {@code /readyz} reports). */
    boolean isAvailable();

    /**
     * Whether the store has answered without a break for at least {@code period}: only then may a
     * peer missing from it be taken for gone, since after an outage every node needs one refresh
     * to put its peers back.
     */
    boolean isStableFor(Duration period);

    @Override
    void close();
}
