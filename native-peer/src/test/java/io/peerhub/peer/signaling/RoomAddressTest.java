package io.peerhub.peer.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RoomAddressTest {

    static final String ROOM = "Xq3abcdefghijklmnopqrs";

    @Test
    void a_room_link_alone_says_where_to_connect() {
        assertThat(RoomAddress.parse(null, "https://hub.example.org/r/" + ROOM))
                .isEqualTo(new RoomAddress(URI.create("wss://hub.example.org/ws"), ROOM));
        assertThat(RoomAddress.parse("", "http://localhost:8080/r/" + ROOM + "/"))
                .isEqualTo(new RoomAddress(URI.create("ws://localhost:8080/ws"), ROOM));
    }

    @Test
    void a_room_id_needs_a_server_given_as_http_or_ws() {
        assertThat(RoomAddress.parse("http://127.0.0.1:9000", ROOM).webSocket()).isEqualTo(URI.create("ws://127.0.0.1:9000/ws"));
        assertThat(RoomAddress.parse("https://hub.example.org/", ROOM).webSocket()).isEqualTo(URI.create("wss://hub.example.org/ws"));
        assertThat(RoomAddress.parse("wss://hub.example.org/ws", ROOM).webSocket()).isEqualTo(URI.create("wss://hub.example.org/ws"));
        assertThatThrownBy(() -> RoomAddress.parse(null, ROOM)).hasMessageContaining("--server");
    }

    @Test
    void a_malformed_room_is_refused_before_connecting() {
        assertThatThrownBy(() -> RoomAddress.parse("http://h", "short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomAddress.parse(null, "https://h/r/../../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomAddress.parse("ftp://h", ROOM)).isInstanceOf(IllegalArgumentException.class);
    }
}
