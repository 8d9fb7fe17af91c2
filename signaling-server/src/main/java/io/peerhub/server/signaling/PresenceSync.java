package io.peerhub.server.signaling;

import io.peerhub.server.presence.PeerRecord;
import io.peerhub.server.presence.PresenceStore;
import io.peerhub.server.presence.PresenceUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node heartbeat of a cluster, every refresh interval, on its own thread (it waits on Redis;
 * the client heartbeat must not):
 * <ol>
 *   <li>refresh: every peer of this node, present or away, is written again with a fresh TTL, which
 *       also puts back whatever a restarted Redis lost: presence is whole one interval after Redis
 *       returns. Peers another node took meanwhile are handed over.
 *   <li>reconcile: each local room's view of other nodes' peers is compared with the store. A peer
 *       new there is announced; a peer gone from it (its node was killed and its TTL ran out, or an
 *       event was lost) leaves. Only while the store has been up for one and a half intervals:
 *       after an outage every node needs one refresh to put its peers back, and a peer that is only
 *       missing for that reason must not flicker out and in. A peer that an event changed after the
 *       read began is left as the event made it ({@link RemoteMembers#fromStore}): the read is older.
 * </ol>
 * With Redis down both steps are skipped; the node keeps serving what it has.
 */
final class PresenceSync implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PresenceSync.class);

    private final RoomRegistry registry;
    private final RemoteMembers remote;
    private final ClusterLink cluster;
    private final Duration interval;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peerhub-presence");
        t.setDaemon(true);
        return t;
    });

    PresenceSync(RoomRegistry registry, RemoteMembers remote, ClusterLink cluster, Duration interval) {
        this.registry = registry;
        this.remote = remote;
        this.cluster = cluster;
        this.interval = interval;
    }

    void start() {
        thread.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void tick() {
        PresenceStore store = cluster.store();
        if (!store.isAvailable()) {
            return;
        }
        try {
            refresh(store);
            reconcile(store.isStableFor(interval.multipliedBy(3).dividedBy(2)));
        } catch (PresenceUnavailableException e) {
            log.debug("presence sync skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("presence sync failed", e); // and runs again next interval
        }
    }

    private void refresh(PresenceStore store) {
        Map<String, Session> own = new HashMap<>();
        List<PeerRecord> records = new ArrayList<>();
        for (String roomId : registry.roomIds()) {
            registry.ifPresent(roomId, room -> room.sessions().forEach(s -> {
                own.put(s.peerId(), s);
                records.add(s.record(cluster.nodeId()));
            }));
        }
        Set<String> taken = store.refresh(records);
        for (String peerId : taken) {
            Session session = own.get(peerId);
            if (session == null) {
                continue;
            }
            synchronized (session.room()) {
                remote.handOver(session, null); // reconcile learns where it went
            }
        }
    }

    private void reconcile(boolean mayDrop) {
        for (String roomId : registry.roomIds()) {
            long readAt = System.nanoTime();
            List<PeerRecord> listed = cluster.inRoomOrThrow(roomId);
            registry.ifPresent(roomId, room -> {
                remote.fromStore(room, listed, readAt, mayDrop);
                room.forgetRemoteEventsBefore(readAt - interval.toNanos());
            });
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
