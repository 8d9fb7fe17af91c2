package io.peerhub.e2e.reach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A direct path between two {@link TestHosts test hosts}, through the host as a router between
 * them, that a story can break and mend: two people on one network whose router loses the link
 * between them for a while, each still reaching the hub.
 *
 * <p>The host forwards what arrives on one of the two hosts' links, and only to the other one:
 * forwarding is switched on for those two host ends alone, and a routing rule per host end
 * ({@code ip rule iif <end>}) sends what arrives there to a table of its own that holds one
 * route, to the other host's address, and {@code unreachable} for everything else. So neither
 * host reaches anything but the hub (delivered locally, before any rule) and the other host;
 * nothing is forwarded anywhere else, whatever the machine's own routes.
 *
 * <p>{@link #cut()} turns both routes into {@code blackhole}s: packets between the hosts vanish
 * without an answer, as on a dead link further along, while the hosts' own links, addresses and
 * default routes stay exactly as they were (the browsers see no network change, and their
 * signaling to the hub goes on). {@link #restore()} puts the routes back. Taking a host's link
 * down instead would also cut its signaling and show Chromium a network change: another story.
 */
public final class DirectPath implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DirectPath.class);
    /** Before the main table's rule (32766); the local table (0) still comes first, so the hub is never forwarded. */
    private static final int RULE_PRIORITY = 1000;
    /** Tables above the ones distributions use, one pair per JVM (a pid is below 2^22). */
    private static final long TABLE_BASE = 1_000_000_000L;
    private static final Pattern RULE = Pattern.compile("iif (v[hg](\\d+)-\\S+) lookup (\\d+)");

    private final NetNamespace a;
    private final NetNamespace b;
    private final long tableA;
    private final long tableB;
    private volatile boolean cut;

    private DirectPath(NetNamespace a, NetNamespace b, long tableA, long tableB) {
        this.a = a;
        this.b = b;
        this.tableA = tableA;
        this.tableB = tableB;
    }

    /** Opens the path between {@code a} and {@code b} and proves it with real connections both ways. */
    public static DirectPath open(NetNamespace a, NetNamespace b) {
        sweepLeftovers();
        long base = TABLE_BASE + 2 * ProcessHandle.current().pid();
        DirectPath path = new DirectPath(a, b, base, base + 1);
        try {
            path.route(a, b, path.tableA, false);
            path.route(b, a, path.tableB, false);
            Command.of("ip", "route", "add", "unreachable", "default", "table", String.valueOf(path.tableA)).check();
            Command.of("ip", "route", "add", "unreachable", "default", "table", String.valueOf(path.tableB)).check();
            rule("add", a, path.tableA);
            rule("add", b, path.tableB);
            forwarding(a, true);
            forwarding(b, true);
            path.proveOpen();
            return path;
        } catch (RuntimeException e) {
            path.close();
            throw e;
        }
    }

    /** Packets between the two hosts vanish from now on; each still reaches the hub. */
    public synchronized void cut() {
        route(a, b, tableA, true);
        route(b, a, tableB, true);
        cut = true;
        log.info("direct path {} <-> {} cut", a, b);
    }

    /** The path carries packets again. */
    public synchronized void restore() {
        route(a, b, tableA, false);
        route(b, a, tableB, false);
        cut = false;
        log.info("direct path {} <-> {} restored", a, b);
    }

    public boolean isCut() {
        return cut;
    }

    /** Each host reaches the other (a closed port answers with a reset): the path works both ways. */
    public void proveOpen() {
        for (NetNamespace[] ends : new NetNamespace[][] {{a, b}, {b, a}}) {
            NetNamespace.Reach r = ends[0].tcpReach(ends[1].address(), 9);
            if (r != NetNamespace.Reach.REFUSED) {
                throw new IllegalStateException(ends[0] + " -> " + ends[1] + " is " + r + " over the direct path, must be REFUSED");
            }
        }
    }

    /** Neither host gets an answer from the other: the path is really gone. */
    public void proveCut() {
        for (NetNamespace[] ends : new NetNamespace[][] {{a, b}, {b, a}}) {
            NetNamespace.Reach r = ends[0].tcpReach(ends[1].address(), 9);
            if (r != NetNamespace.Reach.UNREACHABLE) {
                throw new IllegalStateException(ends[0] + " -> " + ends[1] + " is " + r + " with the path cut");
            }
        }
    }

    /** What arrives from {@code from} goes to {@code to}'s link, or (cut) nowhere. */
    private static void route(NetNamespace from, NetNamespace to, long table, boolean blackhole) {
        String t = String.valueOf(table);
        if (blackhole) {
            Command.of("ip", "route", "replace", "blackhole", to.address() + "/32", "table", t).check();
        } else {
            Command.of("ip", "route", "replace", to.address() + "/32", "dev", to.hostLink(), "table", t).check();
        }
    }

    private static void rule(String op, NetNamespace from, long table) {
        Command.of("ip", "rule", op, "iif", from.hostLink(), "priority", String.valueOf(RULE_PRIORITY),
                "lookup", String.valueOf(table)).check();
    }

    private static void forwarding(NetNamespace ns, boolean on) {
        try {
            Files.writeString(Path.of("/proc/sys/net/ipv4/conf", ns.hostLink(), "forwarding"), on ? "1" : "0");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set forwarding on " + ns.hostLink(), e);
        }
    }

    /** Rules and tables of runs whose JVM is gone (their links went with the namespaces). */
    static void sweepLeftovers() {
        for (String line : Command.of("ip", "rule", "list").check().split("\n")) {
            Matcher m = RULE.matcher(line);
            if (m.find() && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty()) {
                log.info("removing routing rule {} left by a run that is gone", line.strip());
                Command.of("ip", "rule", "del", "iif", m.group(1), "lookup", m.group(3)).run();
                Command.of("ip", "route", "flush", "table", m.group(3)).run();
            }
        }
    }

    /** Forwarding off again, rules and tables gone; safe to call twice, and after a failed open. */
    @Override
    public synchronized void close() {
        for (NetNamespace ns : new NetNamespace[] {a, b}) {
            if (Files.exists(Path.of("/proc/sys/net/ipv4/conf", ns.hostLink()))) {
                forwarding(ns, false);
            }
        }
        Command.of("ip", "rule", "del", "iif", a.hostLink(), "lookup", String.valueOf(tableA)).run();
        Command.of("ip", "rule", "del", "iif", b.hostLink(), "lookup", String.valueOf(tableB)).run();
        Command.of("ip", "route", "flush", "table", String.valueOf(tableA)).run();
        Command.of("ip", "route", "flush", "table", String.valueOf(tableB)).run();
    }

    @Override
    public String toString() {
        return "direct path " + a + " <-> " + b + (cut ? " (cut)" : "");
    }
}
