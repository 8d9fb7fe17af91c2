package io.peerhub.server;

import io.peerhub.protocol.Peer;
import io.peerhub.protocol.PeerJoined;
import io.peerhub.protocol.PeerLeft;
import io.peerhub.protocol.ServerMessage;
import io.peerhub.protocol.Welcome;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.RedisServer;
import io.peerhub.testkit.ServerProcess;
import io.peerhub.testkit.TestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server nodes in their own JVMs on one private Redis, with many members in rooms that span the
 * nodes, for a test or a benchmark to break (a node killed, Redis stopped) and then to ask whether
 * presence came right. A member is what a browser tab does about presence and reconnection: it
 * keeps its own view of its room (the welcome's peers, then each {@code peer-joined} and
 * {@code peer-left} in order), and when its socket closes it tries the next of its start address
 * and {@code welcome.servers}, and resumes there with its token.
 *
 * <p>Threading: members are seated from a pool and re-homed each on its own thread; a test's thread reads views, which
 * are rebuilt from a client's inbox (in arrival order) at each read.
 */
public final class ChaosCluster implements AutoCloseable {

    /**
     * Lifted for the cluster: every member connects from 127.0.0.1, where the per-address defaults
     * (32 connections, 60 joins a minute, 32 away) would stop the scenario, not the server.
     */
    private static final List<String> ONE_ADDRESS_FOR_ALL = List.of("--max-connections-per-address", "0",
            "--max-joins-per-minute", "0", "--max-away-per-address", "0");
    /** Joins in flight at once: a crowd, not a storm the two cores of a test machine would queue. */
    private static final int PARALLEL = 16;
    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\"[^}]*} (\\S+)");

    private final RedisServer redis;
    private final Duration ttl;
    private final List<ServerProcess> nodes;
    private final List<Member> members = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    /**
     * Each mover re-homes on a thread of its own, as real clients reconnect each on their own: in
     * waves of PARALLEL, the last wave of a loaded machine's run came back after the TTL, when
     * the dead node's records (and so the claim to resume) were gone.
     */
    private final ExecutorService rehoming = Executors.newCachedThreadPool();

    private ChaosCluster(RedisServer redis, Duration ttl, List<ServerProcess> nodes) {
        this.redis = redis;
        this.ttl = ttl;
        this.nodes = nodes;
    }

    /** Starts {@code count} nodes at once (small JVMs), sharing {@code redis} under {@code prefix}. */
    public static ChaosCluster start(RedisServer redis, int count, Duration ttl, String prefix, List<String> jvm) {
        List<String> options = new ArrayList<>(ServerProcess.sharing(redis.uri(), prefix, ttl));
        options.addAll(ONE_ADDRESS_FOR_ALL);
        List<CompletableFuture<ServerProcess>> starting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = (char) ('a' + i) + "-" + prefix.replaceAll("[^A-Za-z0-9]", "");
            starting.add(CompletableFuture.supplyAsync(() -> ServerProcess.fromClassPath(name, jvm, options)));
        }
        List<ServerProcess> nodes = new ArrayList<>();
        RuntimeException failed = null;
        for (CompletableFuture<ServerProcess> s : starting) {
            try {
                nodes.add(s.join());
            } catch (RuntimeException e) {
                failed = e;
            }
        }
        if (failed != null) {
            nodes.forEach(ServerProcess::close);
            throw failed;
        }
        return new ChaosCluster(redis, ttl, nodes);
    }

    public List<ServerProcess> nodes() {
        return nodes;
    }

    public ServerProcess node(int i) {
        return nodes.get(i);
    }

    public Duration ttl() {
        return ttl;
    }

    public RedisServer redis() {
        return redis;
    }

    public List<Member> members() {
        return List.copyOf(members);
    }

    /** Whether every node names all the others in a welcome: until then a member would have nowhere to go. */
    public boolean nodesKnowEachOther() {
        for (ServerProcess node : nodes) {
            try (TestClient probe = TestClient.joined(node.webSocketUrl(), RoomKey.generate(), "Probe")) {
                if (probe.welcome().servers().size() != nodes.size() - 1) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Seats {@code count} members in rooms of {@code roomSize}, member j of room r on node
     * (r + j) mod nodes, so that every room with two members or more spans nodes. Returns once all
     * are welcomed (their views may still be catching up with the last joins).
     */
    public List<Member> seat(int count, int roomSize) {
        List<Member> seated = new ArrayList<>();
        RoomKey room = null;
        int roomNumber = -1;
        for (int i = 0; i < count; i++) {
            if (i % roomSize == 0) {
                room = RoomKey.generate();
                roomNumber++;
            }
            ServerProcess home = nodes.get((roomNumber + i % roomSize) % nodes.size());
            seated.add(new Member(room, "m" + members.size() + seated.size(), home));
        }
        // Joined in order within a room (each waits for the one before) so that welcomes and joins
        // interleave as in life; rooms join in parallel.
        Map<RoomKey, List<Member>> byRoom = new HashMap<>();
        seated.forEach(m -> byRoom.computeIfAbsent(m.room, r -> new ArrayList<>()).add(m));
        List<CompletableFuture<Void>> joins = new ArrayList<>();
        for (List<Member> inRoom : byRoom.values()) {
            joins.add(CompletableFuture.runAsync(() -> inRoom.forEach(Member::joinFresh), pool));
        }
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).join();
        members.addAll(seated);
        return seated;
    }

    /** The members whose home is {@code node}. */
    public List<Member> on(ServerProcess node) {
        return members.stream().filter(m -> m.home == node).toList();
    }

    /** Starts re-homing each of {@code movers}: each waits for its socket to close, then reconnects and resumes. */
    public List<CompletableFuture<Long>> rehomeWhenClosed(List<Member> movers, long killedAtNanos) {
        List<CompletableFuture<Long>> done = new ArrayList<>();
        for (Member m : movers) {
            done.add(CompletableFuture.supplyAsync(() -> m.rehome(killedAtNanos), rehoming));
        }
        return done;
    }

    /** The ids that truly are in {@code room} now: its members that have not been told to stay away. */
    public Set<String> truth(RoomKey room) {
        Set<String> ids = new HashSet<>();
        for (Member m : members) {
            if (m.room.equals(room) && !m.gone) {
                ids.add(m.id);
            }
        }
        return ids;
    }

    /** Whether {@code m}'s view of its room is the truth (everyone but itself). */
    public boolean sees(Member m) {
        Set<String> expected = truth(m.room);
        expected.remove(m.id);
        return m.connected() && m.view().equals(expected);
    }

    /** Members (not gone) whose view is wrong now. */
    public List<Member> wrong() {
        return members.stream().filter(m -> !m.gone).filter(m -> !sees(m)).toList();
    }

    /**
     * Polls every member's view until all are right, at most {@code atMost} from {@code sinceNanos}.
     * Returns, for each member not gone, the time from {@code sinceNanos} to the moment its view last
     * became right (a view that was right, went wrong and came right again counts from the last time).
     */
    public Map<Member, Long> awaitPresence(long sinceNanos, Duration atMost, Duration poll) {
        Map<Member, Long> rightSince = new HashMap<>();
        long deadline = sinceNanos + atMost.toNanos();
        while (true) {
            long now = System.nanoTime();
            List<Member> wrong = new ArrayList<>();
            for (Member m : members) {
                if (m.gone) {
                    continue;
                }
                if (sees(m)) {
                    rightSince.putIfAbsent(m, now - sinceNanos);
                } else {
                    rightSince.remove(m);
                    wrong.add(m);
                }
            }
            if (wrong.isEmpty()) {
                return rightSince;
            }
            if (now > deadline) {
                throw new AssertionError(wrong.size() + " members' views still wrong " + atMost + " after: "
                        + wrong.subList(0, Math.min(5, wrong.size())) + " should see "
                        + wrong.stream().limit(5).map(m -> truth(m.room).size() - 1).toList());
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code peer-left}s anybody received for a peer that never left (a member not gone), as "who saw whom". */
    public List<String> spuriousLeaves() {
        Set<String> stayed = new HashSet<>();
        members.stream().filter(m -> !m.gone).forEach(m -> stayed.add(m.id));
        List<String> seen = new ArrayList<>();
        for (Member m : members) {
            for (TestClient c : m.clients) {
                for (ServerMessage msg : c.inbox()) {
                    if (msg instanceof PeerLeft l && stayed.contains(l.id())) {
                        seen.add(m.name + " saw " + l.id() + " leave");
                    }
                }
            }
        }
        return seen;
    }

    /** {@code peer-joined}s for a peer the member already saw (a leave and join again, or a duplicate). */
    public List<String> spuriousJoins() {
        List<String> seen = new ArrayList<>();
        for (Member m : members) {
            for (TestClient c : m.clients) {
                Set<String> known = new HashSet<>();
                Welcome w = c.welcome();
                if (w == null) {
                    continue;
                }
                w.peers().forEach(p -> known.add(p.id()));
                for (ServerMessage msg : c.inbox()) {
                    if (msg instanceof PeerJoined j && !known.add(j.peer().id())) {
                        seen.add(m.name + " saw " + j.peer().name() + " join twice");
                    } else if (msg instanceof PeerLeft l) {
                        known.remove(l.id());
                    }
                }
            }
        }
        return seen;
    }

    /** Resident set size of {@code node} now and at its peak, in KiB, from /proc (Linux). */
    public static long[] rssKib(ServerProcess node) {
        try {
            long rss = -1;
            long hwm = -1;
            for (String line : Files.readAllLines(Path.of("/proc/" + node.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return new long[] {rss, hwm};
        } catch (IOException | NumberFormatException gone) {
            return new long[] {-1, -1};
        }
    }

    /** Heap used by {@code node} (all heap pools, garbage included) from its /metrics, in bytes; -1 if unknown. */
    public static long heapUsed(ServerProcess node) {
        Matcher m = HEAP.matcher(node.body("/metrics"));
        double sum = 0;
        boolean any = false;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
            any = true;
        }
        return any ? (long) sum : -1;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        rehoming.shutdownNow();
        for (Member m : members) {
            m.clients.forEach(c -> {
                try {
                    c.close();
                } catch (RuntimeException ignored) {
                    // a socket the killed node took down with it
                }
            });
        }
        nodes.forEach(ServerProcess::close);
    }

    /** One user's tab: a room, a name, and the addresses it may reconnect to. */
    public static final class Member {
        private final RoomKey room;
        private final String name;
        private final ServerProcess home;
        /** Every client this member has had, the current one last: spurious events are searched in all. */
        private final List<TestClient> clients = new ArrayList<>();
        private final List<String> addresses = new ArrayList<>();
        private volatile TestClient client;
        private volatile String id;
        private volatile String token;
        private volatile boolean gone;
        private volatile boolean resumed;
        private volatile String at;
        private int next;

        Member(RoomKey room, String name, ServerProcess home) {
            this.room = room;
            this.name = name;
            this.home = home;
        }

        void joinFresh() {
            TestClient c = TestClient.joined(home.webSocketUrl(), room, name);
            Welcome w = c.welcome();
            synchronized (this) {
                clients.add(c);
            }
            client = c;
            id = w.self().id();
            token = w.resume();
            at = home.webSocketUrl();
            addresses.add(home.webSocketUrl());
            addresses.addAll(w.servers());
        }

        /**
         * Waits for the socket to close, then tries each next address in turn (round robin, as
         * docs/protocol.md says a client does) until one welcomes it. Returns nanoseconds from
         * {@code sinceNanos} to that welcome.
         */
        long rehome(long sinceNanos) {
            client.awaitClose();
            for (int attempt = 0; attempt < addresses.size() * 3; attempt++) {
                next = (next + 1) % addresses.size();
                String url = addresses.get(next);
                TestClient c;
                try {
                    c = TestClient.connect(url);
                } catch (RuntimeException refused) {
                    continue; // the dead node, or not yet listening: next address
                }
                Welcome w = c.resume(room, name, token);
                synchronized (this) {
                    clients.add(c);
                }
                client = c;
                resumed = w.resumed() && w.self().id().equals(id);
                if (!resumed) {
                    id = w.self().id(); // a new peer: the old one is gone, and the room's truth is this one
                }
                token = w.resume();
                at = url;
                return System.nanoTime() - sinceNanos;
            }
            throw new IllegalStateException(name + " found no node to resume on among " + addresses);
        }

        /** Never comes back once its socket closes (a closed tab): its room must see it leave within the TTL (+⅓). */
        public void vanish() {
            gone = true;
        }

        /** The member's view of its room: the last welcome's peers, then joins and leaves as they came. */
        public Set<String> view() {
            TestClient c = client;
            Set<String> ids = new LinkedHashSet<>();
            for (Peer p : c.welcome().peers()) {
                ids.add(p.id());
            }
            for (ServerMessage msg : c.inbox()) {
                if (msg instanceof PeerJoined j) {
                    ids.add(j.peer().id());
                } else if (msg instanceof PeerLeft l) {
                    ids.remove(l.id());
                }
            }
            return ids;
        }

        public boolean connected() {
            return !client.isClosed();
        }

        public boolean resumed() {
            return resumed;
        }

        public boolean isGone() {
            return gone;
        }

        public String id() {
            return id;
        }

        public String name() {
            return name;
        }

        public RoomKey room() {
            return room;
        }

        public ServerProcess home() {
            return home;
        }

        /** The WebSocket URL of the node the member is on now. */
        public String at() {
            return at;
        }

        public TestClient client() {
            return client;
        }

        @Override
        public String toString() {
            return name + "(" + id + " at " + at + ", sees " + view().size() + ")";
        }
    }

    /** A member who joins {@code node} now, into {@code room}, as a fresh peer. */
    public Member joinNow(RoomKey room, String name, ServerProcess node) {
        Member m = new Member(room, name, node);
        m.joinFresh();
        members.add(m);
        return m;
    }
}
