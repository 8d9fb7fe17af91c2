package io.peerhub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the shared vectors (protocol/vectors) cannot say: the server relays signal data byte for
 * byte, and its errors never echo what a client sent. Which frames are accepted or refused, with
 * which code, is in protocol/vectors/signaling-client.json.
 */
@DisplayName("The server's codec relays and refuses without echoing")
class SignalDataTest {

    private static final MessageCodec CODEC = new MessageCodec();

    @Test
    void signalDataIsReEmittedUnchanged() {
        String data = "{\"candidate\":{\"candidate\":\"candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host\","
                + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":null},"
                + "\"n\":12345678901234567890123,\"f\":0.1000000000000000055511151231257827,\"e\":1.0,"
                + "\"nested\":{\"list\":[true,false,null,\"ü\"]}}";
        SignalTo in = (SignalTo) CODEC.decodeClient("{\"type\":\"signal\",\"to\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"data\":" + data + "}");
        String out = CODEC.encode(new SignalFrom("BBBBBBBBBBBBBBBBBBBBBB", in.data()));
        assertThat(out).isEqualTo("{\"type\":\"signal\",\"from\":\"BBBBBBBBBBBBBBBBBBBBBB\",\"data\":" + data + "}");
    }

    @Test
    void errorsNameTheFieldAndTheMessageTypeButNeverEchoInput() {
        assertThatThrownBy(() -> CODEC.decodeClient("{\"type\":\"signal\",\"to\":\"x\",\"data\":\"<script>\"}"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.getMessage()).contains("'data'").doesNotContain("<script>");
                    assertThat(e.ref()).isEqualTo("signal");
                });
        assertThatThrownBy(() -> CODEC.decodeClient("{\"type\":\"<script>\"}"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain("<script>");
                    assertThat(e.ref()).isNull();
                });
    }

    @Test
    void signalDataIsAnObjectNode() {
        SignalTo in = (SignalTo) CODEC.decodeClient("{\"type\":\"signal\",\"to\":\"x\",\"data\":{\"a\":1}}");
        assertThat(in.data()).isInstanceOf(ObjectNode.class);
        assertThat(in.data().get("a").intValue()).isEqualTo(1);
    }
}
