package io.peerhub.server.presence.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.Peer;
import io.peerhub.server.presence.ClusterEvent;
import io.peerhub.server.presence.PeerRecord;
import io.peerhub.server.presence.PresenceStore;
import io.peerhub.server.presence.PresenceUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence in Redis (Lettuce), shared by every node of a deployment. See {@link RedisKeys} for the
 * layout.
 *
 * <p>Routing: every node subscribes to one channel of its own, and a node that has something to
 * tell a room publishes once to each other node that serves a member of it (it knows which from
 * the members' records). The alternative, a channel per room that each node subscribes to while
 * it has members there, costs a SUBSCRIBE and an UNSUBSCRIBE per room per node as rooms come and
 * go (a join storm over 1,000 new rooms is 1,000 round trips before the first event can flow, and
 * an event published before a subscription lands is lost); one channel per node is subscribed once,
 * and Lettuce re-subscribes it by itself after a reconnect. A room spans few nodes, so the fan-out
 * costs little: see docs/benchmarks.md.
 *
 * <p>If Redis cannot be reached at start, the node starts anyway (degraded) and keeps trying.
 */
public final class RedisPresence implements PresenceStore {

    private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);
    /** Events waiting for the signaling logic; past this they are dropped (and counted), never buffered. */
    private static final int EVENT_QUEUE = 10_000;
    private static final Duration RECONNECT_EVERY = Duration.ofSeconds(1);

    private final RedisSettings settings;
    private final String nodeId;
    private final String advertisedUrl;
    private final RedisKeys keys;
    private final EventCodec codec = new EventCodec();
    private final List<Consumer<ClusterEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<RedisLink> link = new AtomicReference<>();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final AtomicLong upSinceNanos = new AtomicLong(-1);
    private final ThreadPoolExecutor events = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(EVENT_QUEUE), r -> daemon(r, "peerhub-cluster-events"));
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "peerhub-redis-connect"));
    private volatile List<String> nodeUrls = List.of();
    private volatile boolean closed;

    /** @param advertisedUrl this node's public WebSocket URL, listed for other nodes' clients; or null */
    public RedisPresence(RedisSettings settings, String nodeId, String advertisedUrl) {
        this.settings = settings;
        this.nodeId = nodeId;
        this.advertisedUrl = advertisedUrl;
        this.keys = new RedisKeys(settings.prefix());
        if (!tryConnect()) {
            connector.scheduleWithFixedDelay(() -> {
                if (link.get() == null && !closed && tryConnect()) {
                    throw new IllegalStateException("connected"); // ends the repetition
                }
            }, RECONNECT_EVERY.toMillis(), RECONNECT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean tryConnect() {
        try {
            RedisLink connected = RedisLink.connect(settings, this::connectionChanged);
            connected.pubsub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received(message);
                }
            });
            connected.pubsub.sync().subscribe(keys.channel(nodeId));
            link.set(connected);
            connectionChanged();
            log.info("redis connected node={} prefix={}", nodeId, settings.prefix());
            return true;
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            log.warn("redis unreachable ({}); serving local peers only, retrying", e.toString());
            return false;
        }
    }

    private void connectionChanged() {
        RedisLink l = link.get();
        boolean up = l != null && l.isOpen();
        if (!up) {
            if (upSinceNanos.getAndSet(-1) != -1) {
                errors.incrementAndGet();
                log.warn("redis connection lost: serving local peers only");
            }
        } else if (upSinceNanos.compareAndSet(-1, System.nanoTime())) {
            log.info("redis connection up");
        }
    }

    private void received(String message) {
        try {
            ClusterEvent event = codec.decode(message);
            if (event != null) {
                events.execute(() -> listeners.forEach(l -> l.accept(event)));
            }
        } catch (java.util.concurrent.RejectedExecutionException full) {
            droppedEvents.incrementAndGet();
        } catch (RuntimeException bad) {
            log.warn("cluster event skipped: {}", bad.toString());
        }
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
        RedisClusterAsyncCommands<String, String> c = commandsOrNull();
        if (c != null) {
            put(c, record, true).exceptionally(this::failed);
            c.set(keys.resume(record.tokenHash()), record.room() + " " + record.peerId(), ttlArgs()).exceptionally(this::failed);
        }
    }

    @Override
    public Set<String> refresh(Collection<PeerRecord> ownPeers) {
        RedisClusterAsyncCommands<String, String> c = commands();
        long now = System.currentTimeMillis();
        List<RedisFuture<Long>> puts = new ArrayList<>(ownPeers.size());
        List<PeerRecord> order = new ArrayList<>(ownPeers);
        for (PeerRecord p : order) {
            puts.add(put(c, p, false));
            c.set(keys.resume(p.tokenHash()), p.room() + " " + p.peerId(), ttlArgs()).exceptionally(this::failed);
        }
        if (advertisedUrl != null) {
            c.zadd(keys.nodes(), now + settings.presenceTtl().toMillis(), advertisedUrl).exceptionally(this::failed);
        }
        c.zremrangebyscore(keys.nodes(), io.lettuce.core.Range.create(0, (double) now)).exceptionally(this::failed);
        RedisFuture<List<String>> urls = c.zrange(keys.nodes(), 0, -1);
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < order.size(); i++) {
            if (await(puts.get(i)) == 0L) {
                taken.add(order.get(i).peerId());
            }
        }
        nodeUrls = List.copyOf(await(urls));
        return taken;
    }

    private RedisFuture<Long> put(RedisClusterAsyncCommands<String, String> c, PeerRecord p, boolean force) {
        return c.eval(RedisScripts.PUT, ScriptOutputType.INTEGER,
                new String[] {keys.peer(p.room(), p.peerId()), keys.members(p.room())},
                nodeId, Long.toString(settings.presenceTtl().toMillis()), p.peer().name(), p.peer().kind().wire(),
                p.tokenHash(), p.peerId(), force ? "1" : "0");
    }

    @Override
    public void unregister(PeerRecord record) {
        RedisClusterAsyncCommands<String, String> c = commandsOrNull();
        if (c != null) {
            c.eval(RedisScripts.REMOVE, ScriptOutputType.INTEGER,
                    new String[] {keys.peer(record.room(), record.peerId()), keys.members(record.room())},
                    nodeId, record.peerId()).exceptionally(this::failed);
            c.del(keys.resume(record.tokenHash())).exceptionally(this::failed);
        }
    }

    @Override
    public List<PeerRecord> members(String room) {
        RedisClusterAsyncCommands<String, String> c = commands();
        Set<String> ids = await(c.smembers(keys.members(room)));
        List<String> order = new ArrayList<>(ids);
        List<RedisFuture<Map<String, String>>> hashes = new ArrayList<>(order.size());
        for (String id : order) {
            hashes.add(c.hgetall(keys.peer(room, id)));
        }
        List<PeerRecord> found = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            Map<String, String> h = await(hashes.get(i));
            if (h == null || h.get("node") == null) {
                c.srem(keys.members(room), order.get(i)).exceptionally(this::failed); // its record expired
                continue;
            }
            ClientKind kind = ClientKind.fromWire(h.getOrDefault("kind", "")).orElse(ClientKind.BROWSER);
            found.add(new PeerRecord(room, new Peer(order.get(i), h.getOrDefault("name", "?"), kind), h.get("node"),
                    h.getOrDefault("token", "")));
        }
        return found;
    }

    @Override
    public Optional<PeerRecord> claim(String room, String tokenHash, String newTokenHash) {
        RedisClusterAsyncCommands<String, String> c = commands();
        String owner = await(c.get(keys.resume(tokenHash)));
        if (owner == null || !owner.startsWith(room + " ")) {
            return Optional.empty();
        }
        String peerId = owner.substring(room.length() + 1);
        List<Object> old = await(c.eval(RedisScripts.CLAIM, ScriptOutputType.MULTI,
                new String[] {keys.peer(room, peerId)}, tokenHash, nodeId, newTokenHash,
                Long.toString(settings.presenceTtl().toMillis())));
        if (old == null || old.size() < 3 || old.get(0) == null) {
            return Optional.empty();
        }
        c.del(keys.resume(tokenHash)).exceptionally(this::failed);
        c.set(keys.resume(newTokenHash), room + " " + peerId, ttlArgs()).exceptionally(this::failed);
        ClientKind kind = ClientKind.fromWire(String.valueOf(old.get(2))).orElse(ClientKind.BROWSER);
        return Optional.of(new PeerRecord(room, new Peer(peerId, String.valueOf(old.get(1)), kind),
                String.valueOf(old.get(0)), tokenHash));
    }

    @Override
    public CompletionStage<Boolean> publish(String node, ClusterEvent event) {
        RedisClusterAsyncCommands<String, String> c = commandsOrNull();
        if (c == null) {
            return CompletableFuture.failedFuture(new PresenceUnavailableException("redis is not connected", null));
        }
        // PUBLISH answers how many subscribers got the message: 0 means no node listens on that
        // channel any more. In a Redis Cluster it counts those of one shard only, so it tells nothing.
        return c.publish(keys.channel(node), codec.encode(event))
                .thenApply(receivers -> settings.cluster() || receivers > 0)
                .whenComplete((delivered, failure) -> {
                    if (failure != null) {
                        failed(failure);
                    }
                });
    }

    @Override
    public List<String> nodeUrls() {
        return nodeUrls;
    }

    @Override
    public boolean isAvailable() {
        RedisLink l = link.get();
        return l != null && l.isOpen();
    }

    @Override
    public boolean isStableFor(Duration period) {
        long since = upSinceNanos.get();
        return isAvailable() && since != -1 && System.nanoTime() - since >= period.toNanos();
    }

    /** Lost connections and Redis commands that failed (refused while disconnected, timed out, or errored). */
    public long errorCount() {
        return errors.get();
    }

    /** Cluster events dropped because the logic fell {@value #EVENT_QUEUE} behind. */
    public long droppedEventCount() {
        return droppedEvents.get();
    }

    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        RedisLink l = link.getAndSet(null);
        if (l != null) {
            l.close();
        }
        events.shutdownNow();
    }

    private RedisClusterAsyncCommands<String, String> commands() {
        RedisLink l = link.get();
        if (l == null || !l.connection.isOpen()) {
            errors.incrementAndGet();
            throw new PresenceUnavailableException("redis is not connected", null);
        }
        return l.commands;
    }

    private RedisClusterAsyncCommands<String, String> commandsOrNull() {
        try {
            return commands();
        } catch (PresenceUnavailableException e) {
            return null;
        }
    }

    private SetArgs ttlArgs() {
        return SetArgs.Builder.px(settings.presenceTtl().toMillis());
    }

    private <T> T await(RedisFuture<T> future) {
        try {
            return future.get(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PresenceUnavailableException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            errors.incrementAndGet();
            throw new PresenceUnavailableException("redis command failed: " + e, e);
        }
    }

    private <T> T failed(Throwable t) {
        errors.incrementAndGet();
        log.debug("redis command failed: {}", t.toString());
        return null;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
