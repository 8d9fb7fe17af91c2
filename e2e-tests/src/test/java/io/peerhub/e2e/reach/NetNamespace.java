package io.peerhub.e2e.reach;

import java.util.ArrayList;
import java.util.List;

/**
 * One test host: a network namespace whose only link is a veth pair to this machine, on a /30
 * of its own, its default route leading to the host, which delivers what is for the hub address
 * ({@link TestHosts#hubAddress()}: the signaling server and coturn) and forwards nothing: it
 * reaches the hub and no other test host. Programs run in it through {@code ip netns exec}, which changes only the network (the
 * file system, users and environment stay the test's).
 *
 * @param name      the namespace's name, unique to the run ({@code ph-<pid>-<n>-<host>})
 * @param address   its own IPv4 address, the one ICE gathers as its host candidate
 * @param gateway   the host end of its veth, the next hop to the hub address
 * @param hostLink  the host end's interface name
 */
public record NetNamespace(String name, String address, String gateway, String hostLink) {

    /** A TCP connect's answer: the kernel on the far side answered (a listener or a reset), or nothing did. */
    public enum Reach { CONNECTED, REFUSED, UNREACHABLE }

    /** How long a probe waits for an answer; a reachable address on a veth answers in microseconds. */
    private static final String PROBE_TIMEOUT_SECONDS = "1";

    /** The command that runs {@code program} inside this namespace. */
    public List<String> exec(List<String> program) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", name));
        command.addAll(program);
        return command;
    }

    Command.Result run(String... program) {
        return new Command(exec(List.of(program))).run();
    }

    /**
     * Tries a TCP connection from inside this namespace. A closed port on a reachable machine
     * answers with a reset ({@link Reach#REFUSED}), so the probe tells reachable from not without
     * any listener on the far side; "No route to host" (a router that does not forward),
     * "Network is unreachable" or silence mean the packets went nowhere.
     */
    public Reach tcpReach(String ip, int port) {
        return reachOf(new Command(exec(List.of("timeout", PROBE_TIMEOUT_SECONDS, "bash", "-c",
                "exec 3<>/dev/tcp/" + ip + "/" + port))).run());
    }

    /** The same probe from the host's own network namespace. */
    static Reach tcpReachFromHost(String ip, int port) {
        return reachOf(Command.of("timeout", PROBE_TIMEOUT_SECONDS, "bash", "-c",
                "exec 3<>/dev/tcp/" + ip + "/" + port).run());
    }

    private static Reach reachOf(Command.Result r) {
        if (r.ok()) {
            return Reach.CONNECTED;
        }
        return r.output().contains("Connection refused") ? Reach.REFUSED : Reach.UNREACHABLE;
    }

    @Override
    public String toString() {
        return name + " (" + address + ")";
    }
}
