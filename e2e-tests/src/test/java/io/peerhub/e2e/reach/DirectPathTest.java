package io.peerhub.e2e.reach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peerhub.e2e.reach.NetNamespace.Reach;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The direct path between two test hosts, which the repair stories cut and mend: checked with real connections. */
class DirectPathTest {

    @BeforeAll
    static void namespacesCanBeMade() {
        assumeTrue(ReachMode.required() != ReachMode.RELAY_POLICY, "relay-policy mode asked for");
        try (TestHosts probe = TestHosts.create("x")) {
            assertThat(probe.hosts()).hasSize(1);
        } catch (IllegalStateException cannot) {
            assumeTrue(ReachMode.required() == ReachMode.TEST_HOSTS, "no network namespaces here: " + cannot.getMessage());
            throw cannot;
        }
    }

    @Test
    void two_hosts_reach_each_other_until_the_path_is_cut_and_again_once_it_is_restored_and_the_hub_throughout()
            throws IOException {
        try (TestHosts hosts = TestHosts.create("a", "b");
             ServerSocket hub = listenOn(hosts.hubAddress())) {
            NetNamespace a = hosts.host("a");
            NetNamespace b = hosts.host("b");
            try (DirectPath path = DirectPath.open(a, b)) {
                assertThat(a.tcpReach(b.address(), 9)).isEqualTo(Reach.REFUSED);
                assertThat(b.tcpReach(a.address(), 9)).isEqualTo(Reach.REFUSED);

                path.cut();
                assertThat(a.tcpReach(b.address(), 9)).isEqualTo(Reach.UNREACHABLE);
                assertThat(b.tcpReach(a.address(), 9)).isEqualTo(Reach.UNREACHABLE);
                assertThat(a.tcpReach(hosts.hubAddress(), hub.getLocalPort())).isEqualTo(Reach.CONNECTED);
                assertThat(b.tcpReach(hosts.hubAddress(), hub.getLocalPort())).isEqualTo(Reach.CONNECTED);
                assertThat(a.run("ip", "link", "show", "eth0").output()).contains("state UP");

                path.restore();
                path.proveOpen();
            }
            // Closed: the hosts are as isolated as before.
            hosts.proveIsolated(hub.getLocalPort());
        }
    }

    @Test
    void the_host_forwards_what_a_host_sends_to_the_other_one_and_nothing_else() {
        try (TestHosts hosts = TestHosts.create("a", "b");
             DirectPath path = DirectPath.open(hosts.host("a"), hosts.host("b"))) {
            NetNamespace a = hosts.host("a");
            // The host's own routing decision for a packet from a, asked without sending one.
            String toB = Command.of("ip", "route", "get", hosts.host("b").address(), "from", a.address(), "iif", a.hostLink()).run().output();
            String elsewhere = Command.of("ip", "route", "get", "192.0.2.1", "from", a.address(), "iif", a.hostLink()).run().output();
            assertThat(toB).contains("dev " + hosts.host("b").hostLink());
            assertThat(elsewhere).containsAnyOf("unreachable", "No route to host");
            assertThat(path.toString()).contains(a.address());
        }
    }

    @Test
    void closing_switches_forwarding_off_and_removes_the_rules() throws IOException {
        try (TestHosts hosts = TestHosts.create("a", "b")) {
            NetNamespace a = hosts.host("a");
            DirectPath path = DirectPath.open(a, hosts.host("b"));
            assertThat(Command.of("ip", "rule", "list").check()).contains("iif " + a.hostLink());

            path.close();

            assertThat(Command.of("ip", "rule", "list").check()).doesNotContain("iif " + a.hostLink());
            assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/conf", a.hostLink(), "forwarding")).strip()).isEqualTo("0");
            assertThat(a.tcpReach(hosts.host("b").address(), 9)).isEqualTo(Reach.UNREACHABLE);
        }
    }

    private static ServerSocket listenOn(String address) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(address, 0));
        return socket;
    }
}
