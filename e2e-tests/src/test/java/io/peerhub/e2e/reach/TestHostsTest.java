package io.peerhub.e2e.reach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peerhub.e2e.reach.NetNamespace.Reach;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test hosts themselves: what the reach stories rely on, checked with real connections. */
class TestHostsTest {

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
    void two_test_hosts_reach_a_listener_on_the_hub_and_not_each_other() throws IOException {
        try (TestHosts hosts = TestHosts.create("a", "b");
             ServerSocket hub = listenOn(hosts.hubAddress())) {
            NetNamespace a = hosts.host("a");
            NetNamespace b = hosts.host("b");

            assertThat(a.tcpReach(hosts.hubAddress(), hub.getLocalPort())).isEqualTo(Reach.CONNECTED);
            assertThat(b.tcpReach(hosts.hubAddress(), hub.getLocalPort())).isEqualTo(Reach.CONNECTED);
            assertThat(a.tcpReach(b.address(), 9)).isEqualTo(Reach.UNREACHABLE);
            assertThat(b.tcpReach(a.address(), 9)).isEqualTo(Reach.UNREACHABLE);
            assertThat(NetNamespace.tcpReachFromHost(b.address(), 9)).isEqualTo(Reach.REFUSED);
            hosts.proveIsolated(hub.getLocalPort());
        }
    }

    @Test
    void the_isolation_proof_fails_when_the_host_forwards_between_two_test_hosts() throws IOException {
        try (TestHosts hosts = TestHosts.create("a", "b");
             ServerSocket hub = listenOn(hosts.hubAddress())) {
            NetNamespace a = hosts.host("a");
            NetNamespace b = hosts.host("b");
            // A leak made on purpose, on this run's own links only: forwarding on for packets that
            // arrive on the two host ends (the namespaces' default routes lead there already).
            Files.writeString(Path.of("/proc/sys/net/ipv4/conf", a.hostLink(), "forwarding"), "1");
            Files.writeString(Path.of("/proc/sys/net/ipv4/conf", b.hostLink(), "forwarding"), "1");

            assertThat(a.tcpReach(b.address(), 9)).isEqualTo(Reach.REFUSED);
            assertThatThrownBy(() -> hosts.proveIsolated(hub.getLocalPort()))
                    .hasMessageContaining("not isolated").hasMessageContaining(b.address());
        }
    }

    @Test
    void closing_removes_every_namespace_and_link_it_made() {
        TestHosts hosts = TestHosts.create("a", "b");
        String a = hosts.host("a").name();
        String link = hosts.host("b").hostLink();
        assertThat(Command.of("ip", "netns", "list").check()).contains(a);

        hosts.close();

        assertThat(Command.of("ip", "netns", "list").check()).doesNotContain(a);
        assertThat(Command.of("ip", "-o", "link").check()).doesNotContain(link, "vh" + link.substring(2, link.length() - 1) + "hub");
        assertThat(Command.of("ip", "-4", "-o", "addr").check()).doesNotContain(hosts.hubAddress() + "/");
    }

    @Test
    void what_a_killed_run_left_behind_is_removed_when_the_next_one_starts() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long dead = gone.pid();
        assumeTrue(ProcessHandle.of(dead).isEmpty(), "pid " + dead + " was reused at once");
        String namespace = "ph-" + dead + "-0-a";
        String link = "vh" + dead + "-0a";
        Command.of("ip", "netns", "add", namespace).check();
        Command.of("ip", "link", "add", link, "type", "veth", "peer", "name", "vg" + dead + "-0a").check();
        try (TestHosts next = TestHosts.create("a")) {
            assertThat(Command.of("ip", "netns", "list").check()).doesNotContain(namespace).contains(next.host("a").name());
            assertThat(Command.of("ip", "-o", "link").check()).doesNotContain(link + "@");
        } finally {
            Command.of("ip", "netns", "del", namespace).run();
            Command.of("ip", "link", "del", link).run();
        }
    }

    @Test
    void a_program_started_through_a_namespace_runs_in_it() {
        try (TestHosts hosts = TestHosts.create("a")) {
            NetNamespace a = hosts.host("a");
            String addresses = a.run("ip", "-4", "-o", "addr").output();
            assertThat(addresses).contains(a.address() + "/30").doesNotContain(hosts.hubAddress() + "/");
            assertThat(a.run("ip", "route").output()).contains("default via " + a.gateway());
        }
    }

    private static ServerSocket listenOn(String address) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(address, 0));
        return socket;
    }
}
