package io.peerhub.peer.mesh;

import static io.peerhub.peer.mesh.MemoryNetwork.soon;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.protocol.peer.CancelReason;
import io.peerhub.protocol.peer.ChatMessage;
import io.peerhub.protocol.peer.TransferCancel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two meshes over in-memory links: every control message goes through the router, as in production. */
class ControlRouterTest {

    static final DeviceIdentity ALICE = DeviceIdentity.generate();
    static final DeviceIdentity BOB = DeviceIdentity.generate();

    final MemoryNetwork net = new MemoryNetwork();

    @AfterEach
    void closeNetwork() {
        net.close();
    }

    @Test
    void the_mesh_owns_hello_it_records_the_device_then_tells_its_listeners() {
        Mesh alice = net.mesh("Alice", ALICE);
        List<String> hellos = new CopyOnWriteArrayList<>();
        alice.addPeerListener(new Mesh.PeerListener() {
            @Override
            public void hello(RemotePeer peer) {
                hellos.add(peer.name() + "/" + peer.device());
            }
        });
        net.join(alice, "Alice");
        net.join("Bob", BOB);

        soon().until(() -> hellos.contains("Bob/" + BOB.deviceId()));
        assertThat(alice.peers()).singleElement().satisfies(p -> assertThat(p.device()).isEqualTo(BOB.deviceId()));
    }

    @Test
    void a_message_reaches_every_handler_of_its_type_in_order_and_no_other() {
        Mesh bob = net.mesh("Bob", BOB);
        List<String> calls = new CopyOnWriteArrayList<>();
        bob.router()
                .on(ChatMessage.class, (from, m) -> calls.add("first " + m.text()))
                .on(TransferCancel.class, (from, m) -> calls.add("cancel " + m.id()))
                .on(ChatMessage.class, (from, m) -> calls.add("second " + m.text() + " from " + from.name()));
        net.join(bob, "Bob");
        Mesh alice = net.join("Alice", ALICE);
        RemotePeer toBob = connected(alice);

        assertThat(toBob.send(new ChatMessage("m1", "hi", 1))).isTrue();

        soon().until(() -> calls.size() == 2);
        assertThat(calls).containsExactly("first hi", "second hi from Alice");
    }

    @Test
    void a_handler_that_throws_does_not_keep_the_message_from_the_others() {
        Mesh bob = net.mesh("Bob", BOB);
        List<String> heard = new CopyOnWriteArrayList<>();
        bob.router()
                .on(ChatMessage.class, (from, m) -> {
                    throw new IllegalStateException("broken handler");
                })
                .on(ChatMessage.class, (from, m) -> heard.add(m.text()));
        net.join(bob, "Bob");
        RemotePeer toBob = connected(net.join("Alice", ALICE));

        toBob.send(new ChatMessage("m1", "one", 1));
        toBob.send(new ChatMessage("m2", "two", 2));

        soon().until(() -> heard.size() == 2);
        assertThat(heard).containsExactly("one", "two");
    }

    @Test
    void unreadable_unknown_and_transfer_only_messages_are_dropped_and_the_channel_stays_usable() {
        Mesh bob = net.mesh("Bob", BOB);
        List<String> heard = new CopyOnWriteArrayList<>();
        bob.router().on(ChatMessage.class, (from, m) -> heard.add(m.text()));
        bob.router().on(TransferCancel.class, (from, m) -> heard.add("cancel"));
        net.join(bob, "Bob");
        RemotePeer toBob = connected(net.join("Alice", ALICE));

        Link link = toBob.link();
        link.send("not json");
        link.send("{\"type\":\"no-such-type\"}");
        link.send("{\"type\":\"ack\",\"file\":0,\"bytes\":1}"); // a transfer channel's message
        link.send("{\"type\":\"transfer-cancel\",\"id\":\"short\",\"reason\":\"failed\"}"); // invalid id
        toBob.send(new ChatMessage("m1", "still here", 1));

        soon().until(() -> !heard.isEmpty());
        assertThat(heard).containsExactly("still here");
    }

    @Test
    void a_valid_transfer_cancel_is_routed_like_any_other_type() {
        Mesh bob = net.mesh("Bob", BOB);
        List<TransferCancel> cancels = new CopyOnWriteArrayList<>();
        bob.router().on(TransferCancel.class, (from, m) -> cancels.add(m));
        net.join(bob, "Bob");
        RemotePeer toBob = connected(net.join("Alice", ALICE));

        toBob.send(new TransferCancel("AAAAAAAAAAAAAAAAAAAAAA", CancelReason.FAILED));

        soon().until(() -> cancels.size() == 1);
        assertThat(cancels.get(0).reason()).isEqualTo(CancelReason.FAILED);
    }

    @Test
    void a_channel_goes_to_the_handler_for_its_label_and_one_nobody_takes_is_closed() {
        Mesh bob = net.mesh("Bob", BOB);
        List<String> taken = new CopyOnWriteArrayList<>();
        bob.onChannel(label -> label.startsWith("mine:"), (peer, channel) -> {
            taken.add(channel.label() + " from " + peer.name());
            return true;
        });
        net.join(bob, "Bob");
        RemotePeer toBob = connected(net.join("Alice", ALICE));

        DataChannel mine = toBob.openChannel("mine:1");
        DataChannel other = toBob.openChannel("other");
        List<String> otherEvents = new CopyOnWriteArrayList<>();
        other.handler(new DataChannel.Handler() {
            @Override
            public void open() {}

            @Override
            public void closed() {
                otherEvents.add("closed");
            }

            @Override
            public void text(byte[] utf8) {}

            @Override
            public void binary(byte[] frame) {}
        });

        soon().until(() -> otherEvents.contains("closed"));
        assertThat(taken).containsExactly("mine:1 from Alice");
        assertThat(mine.isOpen()).isTrue();
        assertThat(other.isOpen()).isFalse();
    }

    /** Alice's only peer, once its control channel is open and it has said hello both ways. */
    static RemotePeer connected(Mesh mesh) {
        soon().until(() -> mesh.peers().size() == 1 && mesh.peers().get(0).connected()
                && mesh.peers().get(0).device() != null);
        return mesh.peers().get(0);
    }
}
