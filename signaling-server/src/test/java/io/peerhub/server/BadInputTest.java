package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.Ids;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.Peer;
import io.peerhub.protocol.PeerJoined;
import io.peerhub.protocol.PeerUpdated;
import io.peerhub.protocol.Protocol;
import io.peerhub.protocol.Rename;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.protocol.SignalTo;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.TestClient;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Bad input")
class BadInputTest {

    private static PeerhubServer server;

    @BeforeAll
    static void start() {
        // Every client is 127.0.0.1: the per-address limits (60 joins a minute) would end the class.
        server = PeerhubServer.start(ServerConfig.loopback().withAccess(AccessConfig.defaults().withLimits(0, 0)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Who is around when the bad frame goes out: Bob in the sender's room, Carol in another. */
    record Scene(RoomKey room, TestClient sender, TestClient bob, TestClient carol) {}

    /** One row of the table; {@code joined}: whether the sender is in the room when it misbehaves. */
    record BadInput(String what, boolean joined, Consumer<Scene> send, String code) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<BadInput> badInputs() {
        return Stream.of(
                new BadInput("a frame that is not JSON", true, s -> s.sender().send("{\"type\":\"rename\","), "bad-json"),
                new BadInput("a binary frame", true, s -> s.sender().sendBinary(new byte[] {0, 1, 2}), "bad-json"),
                new BadInput("an unknown type", true, s -> s.sender().send("{\"type\":\"dance\"}"), "unknown-type"),
                new BadInput("a frame without a type", true, s -> s.sender().send("{\"name\":\"Eve\"}"), "unknown-type"),
                new BadInput("a signal without data", true,
                        s -> s.sender().send("{\"type\":\"signal\",\"to\":\"" + s.bob().id() + "\"}"), "bad-field"),
                new BadInput("a rename whose name is a number", true,
                        s -> s.sender().send("{\"type\":\"rename\",\"name\":5}"), "bad-field"),
                new BadInput("a signal whose data is a string", true,
                        s -> s.sender().send("{\"type\":\"signal\",\"to\":\"" + s.bob().id() + "\",\"data\":\"offer\"}"), "bad-field"),
                new BadInput("a frame of 64 KiB + 1 byte", true, s -> s.sender().send(ping(Protocol.MAX_MESSAGE_BYTES + 1)), "too-large"),
                new BadInput("a frame of 128 KiB, the WebSocket layer's own cap", true,
                        s -> s.sender().send(ping(2 * Protocol.MAX_MESSAGE_BYTES)), "too-large"),
                new BadInput("a signal to an unknown peer", true,
                        s -> s.sender().send(new SignalTo(Ids.newPeerId(), data())), "unknown-peer"),
                new BadInput("a signal to a malformed peer id", true,
                        s -> s.sender().send(new SignalTo("../../etc", data())), "unknown-peer"),
                new BadInput("a signal to a peer in another room", true,
                        s -> s.sender().send(new SignalTo(s.carol().id(), data())), "unknown-peer"),
                new BadInput("a second join", true,
                        s -> s.sender().send(Join.fresh(s.room(), "Alice again", ClientKind.BROWSER)), "already-joined"),
                new BadInput("a rename to a 10,000-character name", true,
                        s -> s.sender().send(new Rename("x".repeat(10_000))), "name-too-long"),
                new BadInput("a rename to a name with a control character", true,
                        s -> s.sender().send("{\"type\":\"rename\",\"name\":\"Al\\u0007ice\"}"), "bad-name"),
                new BadInput("a join to a malformed room id", false,
                        s -> s.sender().send(join("../../etc/passwd", s.room().admissionProof())), "bad-room"),
                new BadInput("a join to a chosen room name", false,
                        s -> s.sender().send(join("team-meeting-123", s.room().admissionProof())), "bad-room"),
                new BadInput("a join to a guessable room id of 16 characters", false,
                        s -> s.sender().send(join("aaaaaaaaaaaaaaaa", s.room().admissionProof())), "bad-room"),
                new BadInput("a join to a chosen name shaped like a room id, with a real room's proof", false,
                        s -> s.sender().send(join("team-meeting-123456789", s.room().admissionProof())), "bad-proof"),
                new BadInput("a join to a guessable 22-character id, with a proof of that shape", false,
                        s -> s.sender().send(join("aaaaaaaaaaaaaaaaaaaaaa", "A".repeat(43))), "bad-proof"),
                new BadInput("a join whose version overflows a decimal (once internal and a stack trace)", false,
                        s -> s.sender().send("{\"type\":\"join\",\"v\":1E+2147483648}"), "bad-json"),
                new BadInput("a signal whose data nests 17 deep", true,
                        s -> s.sender().send("{\"type\":\"signal\",\"to\":\"" + s.bob().id() + "\",\"data\":{\"a\":"
                                + "[".repeat(15) + "]".repeat(15) + "}}"), "bad-json"),
                new BadInput("a join without a proof", false,
                        s -> s.sender().send("{\"type\":\"join\",\"v\":2,\"room\":\"" + s.room().roomId()
                                + "\",\"name\":\"Dave\",\"kind\":\"browser\"}"), "bad-proof"),
                new BadInput("a join with the room id alone and no key", false,
                        s -> s.sender().send(join(s.room().roomId(), s.room().roomId() + s.room().roomId())), "bad-proof"),
                new BadInput("a join with another room's proof", false,
                        s -> s.sender().send(join(s.room().roomId(), RoomKey.generate().admissionProof())), "bad-proof"),
                new BadInput("a join with a 10,000-character name", false,
                        s -> s.sender().send(Join.fresh(s.room(), "x".repeat(10_000), ClientKind.BROWSER)), "name-too-long"),
                new BadInput("a join of protocol version 1, from a page cached before rooms had keys", false,
                        s -> s.sender().send("{\"type\":\"join\",\"v\":1,\"room\":\"" + s.room().roomId() + "\",\"name\":\"Dave\",\"kind\":\"browser\"}"),
                        "unsupported-version"),
                new BadInput("a rename before joining", false, s -> s.sender().send(new Rename("Dave")), "not-joined"),
                new BadInput("a signal before joining", false,
                        s -> s.sender().send(new SignalTo(s.bob().id(), data())), "not-joined"),
                new BadInput("a binary frame before joining", false, s -> s.sender().sendBinary(new byte[] {7}), "bad-json"));
    }

    @ParameterizedTest(name = "{0} gets {3}; the sender carries on and nobody else hears of it")
    @MethodSource("badInputs")
    void isRefusedWithoutHarm(BadInput input) {
        RoomKey room = RoomKey.generate();
        try (TestClient bob = TestClient.joined(server.webSocketUrl(), room, "Bob");
             TestClient carol = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Carol");
             TestClient sender = input.joined() ? TestClient.joined(server.webSocketUrl(), room, "Alice") : TestClient.connect(server.webSocketUrl())) {
            if (input.joined()) {
                bob.await(PeerJoined.class);
            }

            input.send().accept(new Scene(room, sender, bob, carol));

            assertThat(sender.awaitError()).isEqualTo(input.code());
            if (!input.joined()) {
                sender.join(room, "Dave");
                assertThat(bob.await(PeerJoined.class).peer().id()).isEqualTo(sender.id());
            }
            sender.send(new Rename("Sam"));
            assertThat(bob.await(PeerUpdated.class).peer()).isEqualTo(new Peer(sender.id(), "Sam", ClientKind.BROWSER));
            ObjectNode offer = data();
            sender.send(new SignalTo(bob.id(), offer));
            assertThat(bob.await(SignalFrom.class)).isEqualTo(new SignalFrom(sender.id(), offer));
            assertThat(sender.isClosed()).isFalse();
            assertThat(sender.inbox()).isEmpty();
            assertThat(bob.inbox()).isEmpty();
            assertThat(carol.inbox()).isEmpty();
        }
    }

    private static ObjectNode data() {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.putObject("description").put("type", "offer").put("sdp", "v=0\r\n");
        return data;
    }

    /** A ping padded with an unknown field to {@code bytes} bytes. */
    private static String ping(int bytes) {
        String head = "{\"type\":\"ping\",\"pad\":\"";
        return head + "x".repeat(bytes - head.length() - 2) + "\"}";
    }

    /** A join to {@code room} showing {@code proof}, whatever they are. */
    private static Join join(String room, String proof) {
        return new Join(Protocol.VERSION, room, proof, "Dave", ClientKind.BROWSER, null);
    }

}
