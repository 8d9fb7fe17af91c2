package io.peerhub.e2e.reach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's own test hosts: network namespaces that reach this machine and not each other,
 * the way two people behind different routers reach a public hub and not each other's laptops.
 *
 * <p>Layout, in one /24 of {@code 10.213.0.0/16} that no interface or route on this machine uses
 * (picked under a machine-wide lock, so parallel runs get different ones):
 * <pre>
 *   10.213.X.1/32   the hub address, on a veth pair of its own that stays on the host: the
 *                   signaling server and coturn listen here
 *   10.213.X.(4k+1) the host end of namespace k's veth (k = 1, 2, ...): its default gateway
 *   10.213.X.(4k+2) namespace k's own address ({@code eth0} inside)
 * </pre>
 * Each namespace has a default route to its host end, like a laptop behind its router. Seen
 * here without one: Chromium gathered no host candidate at all (a page without media permission
 * offers only the address of the default route), so a connection without a relay never even
 * started checking, which no real network does. What keeps the namespaces apart is the host: forwarding is off on every host
 * end (whatever the machine's global setting), so a packet for another namespace, or for
 * anywhere else, stops at the host ("No route to host"). The hub address is the host's own, so
 * traffic to it is delivered, not forwarded. {@link #proveIsolated} checks all of it with real
 * connections, not by reading the configuration.
 *
 * <p>Names carry the JVM's pid ({@code ph-<pid>-<n>-a}, {@code vh<pid>-<n>a}): {@link #create}
 * first removes what runs whose JVM is gone left behind, and {@link #close} removes everything
 * it made.
 */
public final class TestHosts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TestHosts.class);

    /** 10.213/16: private, and far from the 10.0/16 and 10.1/16 that VPNs and clouds like. */
    private static final String RANGE = "10.213.";
    private static final Pattern HOST_NAME = Pattern.compile("[a-z]{1,3}");
    /** A /24 holds the hub /32 and 63 /30s; a story needs two or three. */
    private static final int MAX_HOSTS = 63;
    /** Interface names may have 15 characters; {@code vh<pid>-<n>hub} fits with a 7-digit pid and n < 100. */
    private static final int MAX_SETS_PER_JVM = 100;
    private static final Pattern OUR_NAMESPACE = Pattern.compile("^ph-(\\d+)-\\S*");
    private static final Pattern OUR_LINK = Pattern.compile("^\\d+: (v[hg](\\d+)-[^:@\\s]+)");
    /** Held while a run picks its /24 and makes its links, so that two runs never pick the same one. */
    private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "peerhub-test-hosts.lock");
    private static final AtomicInteger SETS = new AtomicInteger();

    private final String hubAddress;
    private final String hubLink;
    private final Map<String, NetNamespace> hosts;

    private TestHosts(String hubAddress, String hubLink, Map<String, NetNamespace> hosts) {
        this.hubAddress = hubAddress;
        this.hubLink = hubLink;
        this.hosts = hosts;
    }

    /**
     * Makes one namespace per name ({@code "a"}, {@code "b"}: one to three lower-case letters).
     * Throws {@link IllegalStateException}, with the failing command's own words, on a machine
     * where namespaces cannot be made (not root, no {@code ip}, a container without the rights).
     */
    public static TestHosts create(String... names) {
        if (names.length == 0 || names.length > MAX_HOSTS) {
            throw new IllegalArgumentException("1 to " + MAX_HOSTS + " hosts, not " + names.length);
        }
        for (String n : names) {
            if (!HOST_NAME.matcher(n).matches()) {
                throw new IllegalArgumentException("a host name is 1-3 lower-case letters: " + n);
            }
        }
        int set = SETS.getAndIncrement();
        if (set >= MAX_SETS_PER_JVM) {
            throw new IllegalStateException("more than " + MAX_SETS_PER_JVM + " sets of test hosts in one JVM");
        }
        String tag = ProcessHandle.current().pid() + "-" + set;
        synchronized (TestHosts.class) { // FileChannel.lock refuses a second lock from the same JVM
            try (FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                sweepLeftovers();
                return build(tag, freeSubnet(), names);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static TestHosts build(String tag, String subnet, String... names) {
        String hubAddress = subnet + "1";
        // A veth pair both of whose ends stay on the host: a home for the hub address that goes
        // away with the pair (this machine's kernel has no dummy interfaces).
        String hubLink = "vh" + tag + "hub";
        Map<String, NetNamespace> hosts = new LinkedHashMap<>();
        TestHosts made = new TestHosts(hubAddress, hubLink, hosts);
        try {
            Command.of("ip", "link", "add", hubLink, "type", "veth", "peer", "name", "vg" + tag + "hub").check();
            Command.of("ip", "addr", "add", hubAddress + "/32", "dev", hubLink).check();
            Command.of("ip", "link", "set", hubLink, "up").check();
            Command.of("ip", "link", "set", "vg" + tag + "hub", "up").check();
            for (int k = 1; k <= names.length; k++) {
                String n = names[k - 1];
                NetNamespace ns = new NetNamespace("ph-" + tag + "-" + n, subnet + (4 * k + 2), subnet + (4 * k + 1),
                        "vh" + tag + n);
                hosts.put(n, ns);
                addNamespace(ns, "vn" + tag + n);
            }
            return made;
        } catch (RuntimeException e) {
            made.close();
            throw e;
        }
    }

    private static void addNamespace(NetNamespace ns, String innerLink) {
        Command.of("ip", "netns", "add", ns.name()).check();
        Command.of("ip", "link", "add", ns.hostLink(), "type", "veth", "peer", "name", innerLink).check();
        Command.of("ip", "link", "set", innerLink, "netns", ns.name()).check();
        Command.of("ip", "addr", "add", ns.gateway() + "/30", "dev", ns.hostLink()).check();
        noForwarding(ns.hostLink());
        Command.of("ip", "link", "set", ns.hostLink(), "up").check();
        check(ns.run("ip", "link", "set", innerLink, "name", "eth0"));
        // IPv6 off inside: the veth's link-local address would only add candidates that lead nowhere.
        check(ns.run("bash", "-c", "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6"));
        check(ns.run("ip", "addr", "add", ns.address() + "/30", "dev", "eth0"));
        check(ns.run("ip", "link", "set", "eth0", "up"));
        check(ns.run("ip", "link", "set", "lo", "up"));
        check(ns.run("ip", "route", "add", "default", "via", ns.gateway()));
    }

    /** Packets that arrive on {@code link} are never forwarded, even where the machine routes. */
    private static void noForwarding(String link) {
        try {
            Files.writeString(Path.of("/proc/sys/net/ipv4/conf", link, "forwarding"), "0");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot switch forwarding off on " + link, e);
        }
    }

    private static void check(Command.Result r) {
        if (!r.ok()) {
            throw new IllegalStateException("setting up a test host failed (" + r.exit() + "): " + r.output());
        }
    }

    /** {@code 10.213.X.} for the first X whose /24 no address or route on this machine touches. */
    private static String freeSubnet() {
        String inUse = Command.of("ip", "-4", "-o", "addr").check() + "\n" + Command.of("ip", "-4", "route").check();
        int start = (int) (ProcessHandle.current().pid() % 256);
        for (int i = 0; i < 256; i++) {
            String subnet = RANGE + ((start + i) % 256) + ".";
            if (!inUse.contains(subnet)) {
                return subnet;
            }
        }
        throw new IllegalStateException("every /24 of " + RANGE + "0.0/16 is in use on this machine");
    }

    /** Removes namespaces and links that runs whose JVM no longer exists left behind (killed runs). */
    static void sweepLeftovers() {
        for (String line : Command.of("ip", "netns", "list").check().split("\n")) {
            Matcher m = OUR_NAMESPACE.matcher(line.strip());
            if (m.find() && isGone(m.group(1))) {
                String name = line.strip().split("\\s+")[0];
                log.info("removing test host {} left by a run that is gone", name);
                Command.of("ip", "netns", "del", name).run();
            }
        }
        for (String line : Command.of("ip", "-o", "link").check().split("\n")) {
            Matcher m = OUR_LINK.matcher(line.strip());
            if (m.find() && isGone(m.group(2))) {
                log.info("removing link {} left by a run that is gone", m.group(1));
                Command.of("ip", "link", "del", m.group(1)).run(); // may be gone already with its peer
            }
        }
    }

    private static boolean isGone(String pid) {
        return ProcessHandle.of(Long.parseLong(pid)).isEmpty();
    }

    /** The host's address that every namespace reaches: bind the signaling server and coturn here. */
    public String hubAddress() {
        return hubAddress;
    }

    public NetNamespace host(String name) {
        NetNamespace ns = hosts.get(name);
        if (ns == null) {
            throw new IllegalArgumentException("no test host " + name + " in " + hosts.keySet());
        }
        return ns;
    }

    public List<NetNamespace> hosts() {
        return List.copyOf(hosts.values());
    }

    /**
     * Proves the layout with real connections, so that a story that passes "through TURN" cannot
     * have taken a direct path: every namespace connects to {@code hubPort} on the hub address
     * (a listener there, e.g. the signaling server), and no connection to any other namespace's
     * address gets that namespace's answer (the host refuses to forward: "No route to host"),
     * while the host itself does get an answer (a reset) from that address, which shows the
     * address is alive and the failure is the isolation.
     */
    public void proveIsolated(int hubPort) {
        List<String> problems = new ArrayList<>();
        for (NetNamespace from : hosts.values()) {
            NetNamespace.Reach hub = from.tcpReach(hubAddress, hubPort);
            if (hub != NetNamespace.Reach.CONNECTED) {
                problems.add(from + " -> hub " + hubAddress + ":" + hubPort + " is " + hub);
            }
            for (NetNamespace to : hosts.values()) {
                if (to == from) {
                    continue;
                }
                // Port 9 (discard): nothing listens there; a reachable kernel answers with a reset.
                NetNamespace.Reach other = from.tcpReach(to.address(), 9);
                if (other != NetNamespace.Reach.UNREACHABLE) {
                    problems.add(from + " -> " + to + " is " + other + ", must be UNREACHABLE");
                }
            }
        }
        for (NetNamespace to : hosts.values()) {
            NetNamespace.Reach control = NetNamespace.tcpReachFromHost(to.address(), 9);
            if (control != NetNamespace.Reach.REFUSED) {
                problems.add("host -> " + to + " is " + control + ", must be REFUSED (alive, port closed)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the test hosts are not isolated as they must be: " + problems);
        }
    }

    /**
     * Deletes each host end first (which takes its namespace end with it, at once), then the
     * namespaces: deleting a namespace alone leaves its veth on the host for a moment, which a
     * quick next run could trip over.
     */
    @Override
    public void close() {
        for (NetNamespace ns : hosts.values()) {
            Command.of("ip", "link", "del", ns.hostLink()).run();
            Command.of("ip", "netns", "del", ns.name()).run();
        }
        Command.of("ip", "link", "del", hubLink).run();
    }

    @Override
    public String toString() {
        return "test hosts " + hosts.values() + " around hub " + hubAddress;
    }
}
