package io.peerhub.peer.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerhub.protocol.trust.RoomKey;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RoomAddressTest {

    static final RoomKey KEY = RoomKey.parse("AAECAwQFBgcICQoLDA0ODw");
    static final String ROOM = KEY.roomId();
    static final String FRAGMENT = "#" + KEY.encoded();

    @Test
    void a_whole_room_link_alone_says_where_to_connect_and_holds_the_key() {
        RoomAddress address = RoomAddress.parse(null, "https://hub.example.org/r/" + ROOM + FRAGMENT);
        assertThat(address.webSocket()).isEqualTo(URI.create("wss://hub.example.org/ws"));
        assertThat(address.room()).isEqualTo("o86ffQSkUVQU6OHvHw68OQ"); // protocol/vectors/trust.json
        assertThat(address.key().admissionProof()).isEqualTo(KEY.admissionProof());
        assertThat(RoomAddress.parse("", "http://localhost:8080/r/" + ROOM + "/" + FRAGMENT).webSocket())
                .isEqualTo(URI.create("ws://localhost:8080/ws"));
        assertThat(RoomAddress.parse(null, "http://localhost:8080/r/" + ROOM + "?via=mail" + FRAGMENT).room())
                .isEqualTo(ROOM);
    }

    @Test
    void id_and_key_need_a_server_given_as_http_or_ws() {
        String room = ROOM + FRAGMENT;
        assertThat(RoomAddress.parse("http://127.0.0.1:9000", room).webSocket()).isEqualTo(URI.create("ws://127.0.0.1:9000/ws"));
        assertThat(RoomAddress.parse("https://hub.example.org/", room).webSocket()).isEqualTo(URI.create("wss://hub.example.org/ws"));
        assertThat(RoomAddress.parse("wss://hub.example.org/ws", room).webSocket()).isEqualTo(URI.create("wss://hub.example.org/ws"));
        assertThatThrownBy(() -> RoomAddress.parse(null, room)).hasMessageContaining("--server");
    }

    @Test
    void a_link_without_its_key_is_refused_in_words_before_connecting() {
        assertThatThrownBy(() -> RoomAddress.parse(null, "https://hub.example.org/r/" + ROOM))
                .hasMessageContaining("incomplete");
        assertThatThrownBy(() -> RoomAddress.parse(null, "https://hub.example.org/r/" + ROOM + "#"))
                .hasMessageContaining("incomplete");
        assertThatThrownBy(() -> RoomAddress.parse("http://h", ROOM)).hasMessageContaining("incomplete");
    }

    @Test
    void a_key_that_is_not_this_rooms_is_refused() {
        String other = RoomKey.generate().encoded();
        assertThatThrownBy(() -> RoomAddress.parse(null, "https://h/r/" + ROOM + "#" + other))
                .hasMessageContaining("does not open room " + ROOM);
        assertThatThrownBy(() -> RoomAddress.parse(null, "https://h/r/" + ROOM + "#not-a-key"))
                .hasMessageContaining("not a room key");
    }

    @Test
    void a_malformed_room_is_refused_before_connecting() {
        assertThatThrownBy(() -> RoomAddress.parse("http://h", "short" + FRAGMENT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomAddress.parse(null, "https://h/r/../../etc" + FRAGMENT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomAddress.parse("ftp://h", ROOM + FRAGMENT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomAddress.parse(null, "team-meeting-123")).isInstanceOf(IllegalArgumentException.class);
    }
}
