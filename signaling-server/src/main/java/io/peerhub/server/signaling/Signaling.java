package io.peerhub.server.signaling;

import io.peerhub.protocol.IceRenew;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.Leave;
import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.Ping;
import io.peerhub.protocol.PolicyUpdate;
import io.peerhub.protocol.policy.HubPolicy;
import io.peerhub.protocol.Pong;
import io.peerhub.protocol.Rename;
import io.peerhub.protocol.SignalTo;
import io.peerhub.server.metrics.SignalingMetrics;
import io.peerhub.server.presence.PresenceStore;
import io.peerhub.server.turn.IceServerIssuer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The signaling logic, composed: rooms, handlers, heartbeat and resume window behind one {@link Dispatcher}. */
public final class Signaling implements AutoCloseable {

    private static final Pong PONG = new Pong();

    private final Clients clients = new Clients();
    private final RoomRegistry registry;
    private final PresenceStore store;
    private final PresenceSync presenceSync;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peerhub-timers");
        t.setDaemon(true);
        return t;
    });
    private final Dispatcher dispatcher;
    private final Heartbeat heartbeat;
    private final AddressLimits addressLimits;
    private final HoldBudget holdBudget;
    /** The hub policy in force; null: the hub publishes none. */
    private volatile HubPolicy policy;

    /**
     * The settings of {@code io.peerhub.server.ServerConfig} that the logic uses.
     *
     * @param ice             what each peer is given as ICE servers (static ones, and TURN credentials minted for it)
     * @param presenceRefresh how often this node refreshes its peers in the presence store and
     *                        compares its rooms with it (a third of the presence TTL)
     * @param peerNodeUrls    other nodes' WebSocket URLs named in the configuration, for {@code welcome.servers}
     * @param ownUrl          this node's public WebSocket URL, left out of {@code welcome.servers}; or null
     * @param maxConnectionsPerAddress open connections one client address may hold (0: no limit)
     * @param maxJoinsPerMinute        joins one client address may send per minute (0: no limit)
     * @param maxAwayPerAddress        peers one client address may have away, resumable, at once (0: no limit)
     * @param maxHeldBytes             characters of signals the node holds for all its away peers together
     */
    public record Settings(IceServerIssuer ice, int maxPeersPerRoom, Duration heartbeatInterval,
                           Duration heartbeatTimeout, Duration resumeWindow, double rateLimitPerSecond,
                           int rateLimitBurst, Duration presenceRefresh, List<String> peerNodeUrls, String ownUrl,
                           int maxConnectionsPerAddress, int maxJoinsPerMinute, int maxAwayPerAddress,
                           long maxHeldBytes) {}

    /** How often the join allowances of addresses that stopped joining are forgotten. */
    private static final Duration FORGET_IDLE_ADDRESSES = Duration.ofMinutes(1);

    public Signaling(Settings settings, PresenceStore store, SignalingMetrics metrics) {
        this.store = store;
        ClusterLink cluster = new ClusterLink(store, metrics);
        registry = new RoomRegistry(cluster, metrics);
        ErrorReporter errors = new ErrorReporter();
        MessageCodec codec = new MessageCodec();
        holdBudget = new HoldBudget(settings.maxHeldBytes());
        addressLimits = new AddressLimits(settings.maxConnectionsPerAddress(), settings.maxJoinsPerMinute(),
                settings.maxAwayPerAddress());
        ResumeWindow resumeWindow = new ResumeWindow(registry, scheduler, settings.resumeWindow());
        Departures departures = new Departures(registry, resumeWindow, errors, clients, addressLimits);
        RemoteMembers remote = new RemoteMembers(registry, departures, cluster, errors, metrics);
        store.onEvent(remote::apply);
        presenceSync = new PresenceSync(registry, remote, cluster, settings.presenceRefresh());
        Handlers handlers = new Handlers()
                .on(Join.class, new JoinHandler(registry, departures, cluster, remote, metrics, settings,
                        () -> otherServers(settings), () -> new HeldSignals(codec, holdBudget), () -> policy))
                .on(Rename.class, new RenameHandler(cluster))
                .on(IceRenew.class, new IceRenewHandler(settings.ice(), metrics))
                .on(SignalTo.class, new SignalRelay(cluster, errors, metrics))
                .on(Ping.class, (client, ping) -> client.send(PONG))
                .on(Pong.class, (client, pong) -> {}) // the dispatcher already counted it as a sign of life
                .on(Leave.class, (client, leave) -> departures.left(client));
        dispatcher = new Dispatcher(codec, handlers, errors, departures, clients,
                settings.rateLimitPerSecond(), settings.rateLimitBurst(), addressLimits, metrics);
        heartbeat = new Heartbeat(clients, departures, settings.heartbeatInterval(), settings.heartbeatTimeout());
    }

    public void start() {
        heartbeat.start(scheduler);
        presenceSync.start();
        long forget = FORGET_IDLE_ADDRESSES.toNanos();
        scheduler.scheduleAtFixedRate(() -> addressLimits.forgetIdle(System.nanoTime()), forget, forget, TimeUnit.NANOSECONDS);
    }

    /** The configured and advertised nodes but this one, configured ones first, each once. */
    private List<String> otherServers(Settings settings) {
        java.util.LinkedHashSet<String> urls = new java.util.LinkedHashSet<>(settings.peerNodeUrls());
        urls.addAll(store.nodeUrls());
        urls.remove(settings.ownUrl());
        return List.copyOf(urls);
    }

    /**
     * Puts a hub policy in force: every later {@code welcome} carries it, and everyone already in a
     * room of this node is sent a {@code policy} message now. Sent under each room's lock, the way
     * welcomes are, so no peer hears of the change before its welcome.
     */
    public void publishPolicy(HubPolicy next) {
        policy = next;
        PolicyUpdate update = new PolicyUpdate(next);
        for (String roomId : registry.roomIds()) {
            registry.ifPresent(roomId, room -> room.broadcast(update, null));
        }
    }

    /** The policy {@link #publishPolicy} put in force last, or null. */
    public HubPolicy policy() {
        return policy;
    }

    public PresenceStore presence() {
        return store;
    }

    /**
     * Stops refreshing this node's peers in the presence store without removing them: a draining
     * node's clients resume on other nodes, which take the records over; those that do not come
     * back expire with the presence TTL.
     */
    public void stopPresence() {
        presenceSync.close();
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public Clients clients() {
        return clients;
    }

    public RoomRegistry rooms() {
        return registry;
    }

    /** Characters of signals held for away peers on this node, now (a gauge). */
    public long heldChars() {
        return holdBudget.used();
    }

    /** Stops the timers. Sockets are the transport's to close. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        presenceSync.close();
        store.close();
    }
}
