package io.peerhub.peer.mesh;

import static io.peerhub.peer.mesh.MemoryNetwork.soon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerhub.peer.chat.Chat;
import io.peerhub.protocol.trust.RoomKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Peers prove themselves before anything else passes (docs/protocol.md "Verifying a peer"): over
 * in-memory links whose certificates the test controls, including a man in the middle that shows
 * each side its own, as a hostile signaling server would.
 */
class VerificationTest {

    final MemoryNetwork net = new MemoryNetwork();
    final List<String> heard = new CopyOnWriteArrayList<>();
    final Map<String, String> cutOff = new ConcurrentHashMap<>();

    @AfterEach
    void closeNetwork() {
        net.close();
    }

    @Test
    void two_peers_of_the_room_verify_each_other_and_learn_the_device_each_proved() {
        DeviceIdentity aliceDevice = DeviceIdentity.generate();
        DeviceIdentity bobDevice = DeviceIdentity.generate();
        Mesh alice = member("Alice", net.mesh("Alice", aliceDevice));
        Mesh bob = member("Bob", net.mesh("Bob", bobDevice));

        soon().until(() -> verified(alice) && verified(bob));
        assertThat(alice.peers().get(0).device()).isEqualTo(bobDevice.deviceId());
        assertThat(bob.peers().get(0).device()).isEqualTo(aliceDevice.deviceId());
        assertThat(new Chat(alice, (f, m) -> { }).say("hello")).isEqualTo(1);
        soon().until(() -> heard.contains("Bob heard hello"));
    }

    @Test
    void through_a_man_in_the_middle_both_sides_are_cut_off_and_nothing_but_hello_passes() {
        net.relayInTheMiddle();
        Mesh alice = member("Alice", net.mesh("Alice", DeviceIdentity.generate()));
        Mesh bob = member("Bob", net.mesh("Bob", DeviceIdentity.generate()));

        soon().until(() -> cutOff.containsKey("Alice") && cutOff.containsKey("Bob"));
        assertThat(cutOff).containsEntry("Alice", "its hello does not prove this connection");
        RemotePeer toBob = alice.peers().get(0);
        assertThat(toBob.trust()).isEqualTo(RemotePeer.Trust.NOT_VERIFIED);
        assertThat(toBob.device()).isNull();
        assertThat(new Chat(alice, (f, m) -> { }).say("are you there?")).isZero();
        assertThatThrownBy(() -> toBob.openChannel("peerhub-docs")).isInstanceOf(IllegalStateException.class);
        soon().during(Duration.ofMillis(300)).until(heard::isEmpty);
        assertThat(bob.peers().get(0).trust()).isEqualTo(RemotePeer.Trust.NOT_VERIFIED);
    }

    @Test
    void a_peer_with_another_room_key_for_the_same_room_id_is_not_verified() {
        member("Alice", net.mesh("Alice", DeviceIdentity.generate()));
        member("Mallory", new Mesh(net, "Mallory", DeviceIdentity.generate(), RoomKey.generate()));

        soon().until(() -> cutOff.containsKey("Alice") && cutOff.containsKey("Mallory"));
        assertThat(heard).isEmpty();
    }

    @Test
    void a_peer_that_says_no_hello_in_time_is_cut_off() {
        Mesh alice = member("Alice", new Mesh(net, "Alice", DeviceIdentity.generate(), net.room(), Duration.ofMillis(300)));
        net.mute("Silent");
        member("Silent", net.mesh("Silent", DeviceIdentity.generate()));

        soon().until(() -> cutOff.containsKey("Alice"));
        assertThat(cutOff.get("Alice")).isEqualTo("no valid hello within 300 ms");
        assertThat(alice.peers().get(0).trust()).isEqualTo(RemotePeer.Trust.NOT_VERIFIED);
    }

    @Test
    void a_peer_that_joins_again_gets_a_new_chance() {
        net.relayInTheMiddle();
        Mesh alice = member("Alice", net.mesh("Alice", DeviceIdentity.generate()));
        Mesh bob = member("Bob", net.mesh("Bob", DeviceIdentity.generate()));
        soon().until(() -> cutOff.containsKey("Alice"));
        net.leave(bob);

        net.directLinks();
        member("Bob", net.mesh("Bob", DeviceIdentity.generate()));
        soon().until(() -> verified(alice));
    }

    /** Joins {@code mesh} as {@code name}, recording what its chat hears and whether it cuts anyone off. */
    private Mesh member(String name, Mesh mesh) {
        new Chat(mesh, (from, m) -> heard.add(name + " heard " + m.text()));
        mesh.addPeerListener(new Mesh.PeerListener() {
            @Override
            public void notVerified(RemotePeer peer, String why) {
                cutOff.put(name, why);
            }
        });
        net.join(mesh, name);
        return mesh;
    }

    private static boolean verified(Mesh mesh) {
        return !mesh.peers().isEmpty() && mesh.peers().stream().allMatch(RemotePeer::verified);
    }
}
