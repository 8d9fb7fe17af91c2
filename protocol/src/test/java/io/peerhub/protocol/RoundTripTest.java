package io.peerhub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.trust.RoomKey;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Every message type survives encoding and decoding unchanged")
class RoundTripTest {

    private static final MessageCodec CODEC = new MessageCodec();
    private static final RoomKey ROOM = RoomKey.generate();
    private static final String ALICE = Ids.newPeerId();
    private static final String BOB = Ids.newPeerId();

    static Stream<ClientMessage> clientMessages() {
        return Stream.of(
                Join.fresh(ROOM, "Alice", ClientKind.BROWSER),
                Join.resuming(ROOM, "Bob the builder 🛠", ClientKind.NATIVE, Ids.newResumeToken()),
                Join.fresh(ROOM, "Drop box", ClientKind.DROP),
                new Rename("Alice (laptop)"),
                new SignalTo(BOB, offer()),
                new Ping(),
                new Pong(),
                new Leave(),
                new IceRenew());
    }

    private static final IceServer TURN = new IceServer(List.of("turn:turn.example.org:3478?transport=udp"),
            "1700000000:" + ALICE, "1P9+FogfKj6C7va4lxPO5A70SL4=");

    static Stream<ServerMessage> serverMessages() {
        Peer alice = new Peer(ALICE, "Alice", ClientKind.BROWSER);
        Peer bob = new Peer(BOB, "Bob", ClientKind.DROP);
        return Stream.of(
                new Welcome(Protocol.VERSION, alice, Ids.newResumeToken(),
                        List.of(IceServer.of("stun:stun.example.org:3478"),
                                new IceServer(List.of("turn:turn.example.org:3478?transport=udp",
                                        "turns:turn.example.org:5349"), "user", "secret")),
                        List.of(bob), 10_000, false),
                new Welcome(Protocol.VERSION, alice, Ids.newResumeToken(), List.of(), List.of(), 500, true),
                new Welcome(Protocol.VERSION, alice, Ids.newResumeToken(), List.of(), List.of(), 500, true,
                        List.of("wss://b.example.org/ws", "ws://10.0.0.2:8080/ws")),
                new Welcome(Protocol.VERSION, alice, Ids.newResumeToken(), List.of(TURN), List.of(), 500, false,
                        List.of(), 3_600_000L),
                new IceServers(List.of(IceServer.of("stun:stun.example.org:3478"), TURN), 3_600_000L),
                new IceServers(List.of(IceServer.of("stun:stun.example.org:3478")), null),
                new PeerJoined(bob),
                new PeerLeft(BOB),
                new PeerUpdated(bob),
                new SignalFrom(ALICE, offer()),
                new Ping(),
                new Pong(),
                new ErrorMessage(ErrorCode.UNKNOWN_PEER, "no such peer in this room", SignalTo.TYPE),
                new ErrorMessage(ErrorCode.BAD_JSON, "frame is not valid JSON", null));
    }

    @ParameterizedTest(name = "a client''s {0} decodes to itself")
    @MethodSource("clientMessages")
    void clientMessagesRoundTrip(ClientMessage message) {
        assertThat(CODEC.decodeClient(CODEC.encode(message))).isEqualTo(message);
    }

    @ParameterizedTest(name = "the server''s {0} decodes to itself")
    @MethodSource("serverMessages")
    void serverMessagesRoundTrip(ServerMessage message) {
        assertThat(CODEC.decodeServer(CODEC.encode(message))).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0} is written with its type first")
    @MethodSource("clientMessages")
    void typeComesFirst(ClientMessage message) {
        assertThat(CODEC.encode(message)).startsWith("{\"type\":\"" + message.type() + "\"");
    }

    private static ObjectNode offer() {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.putObject("description").put("type", "offer").put("sdp", "v=0\r\no=- 46117 2 IN IP4 127.0.0.1\r\n");
        return data;
    }
}
