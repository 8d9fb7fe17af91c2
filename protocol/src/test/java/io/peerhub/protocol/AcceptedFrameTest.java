package io.peerhub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A well-formed frame from a client is accepted")
class AcceptedFrameTest {

    private static final MessageCodec CODEC = new MessageCodec();
    private static final String ROOM = "abcdefghijklmnopqrstuv";

    static Stream<Arguments> acceptedNames() {
        return Stream.of(
                arguments("a plain name is kept", "Alice", "Alice"),
                arguments("spaces around a name are trimmed", "  Alice  ", "Alice"),
                arguments("Unicode spaces around a name are trimmed", "\\u2003Alice\\u00a0", "Alice"),
                arguments("spaces inside a name are kept", "Alice Liddell", "Alice Liddell"),
                arguments("accents and other scripts are kept", "Zoë 张伟 Σωκράτης", "Zoë 张伟 Σωκράτης"),
                arguments("64 emoji are 64 code points and fit", "😀".repeat(64), "😀".repeat(64)),
                arguments("a 64-character name fits", "n".repeat(64), "n".repeat(64)),
                arguments("an emoji with a variation selector is kept", "❤️ Bob", "❤️ Bob"),
                arguments("an emoji joined by a zero-width joiner is kept",
                        "\\ud83d\\udc69\\u200d\\ud83d\\udcbb Ada", "👩\u200d💻 Ada"),
                arguments("a subdivision flag built from tag characters is kept",
                        "\\ud83c\\udff4\\udb40\\udc67\\udb40\\udc62\\udb40\\udc73\\udb40\\udc63\\udb40\\udc74\\udb40\\udc7f Morag",
                        "🏴\udb40\udc67\udb40\udc62\udb40\udc73\udb40\udc63\udb40\udc74\udb40\udc7f Morag"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedNames")
    void namesFollowTheRules(String description, String jsonEscapedName, String expected) {
        String frame = "{\"type\":\"join\",\"v\":1,\"room\":\"" + ROOM + "\",\"name\":\"" + jsonEscapedName
                + "\",\"kind\":\"browser\"}";
        assertThat(((Join) CODEC.decodeClient(frame)).name()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "a room id of {0} characters is accepted")
    @ValueSource(ints = {16, 22, 64})
    void roomIdsOfTheAllowedLengthsAreAccepted(int length) {
        String room = "Az09_-".repeat(11).substring(0, length);
        Join join = (Join) CODEC.decodeClient(CODEC.encode(Join.fresh(room, "A", ClientKind.BROWSER)));
        assertThat(join.room()).isEqualTo(room);
    }

    @Test
    void unknownFieldsAreIgnored() {
        ClientMessage message = CODEC.decodeClient("{\"type\":\"rename\",\"name\":\"Bob\",\"avatar\":\"🐱\",\"x\":[1,2]}");
        assertThat(message).isEqualTo(new Rename("Bob"));
    }

    @Test
    void aMissingOrNullResumeTokenMeansAFreshJoin() {
        String frame = "{\"type\":\"join\",\"v\":1,\"room\":\"" + ROOM + "\",\"name\":\"A\",\"kind\":\"drop\",\"resume\":null}";
        assertThat(((Join) CODEC.decodeClient(frame)).resume()).isNull();
    }

    @Test
    void aMalformedResumeTokenIsNoErrorItJustResumesNothing() {
        String frame = "{\"type\":\"join\",\"v\":1,\"room\":\"" + ROOM + "\",\"name\":\"A\",\"kind\":\"drop\",\"resume\":\"nope\"}";
        assertThat(((Join) CODEC.decodeClient(frame)).resume()).isEqualTo("nope");
    }

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
    void aFrameOfExactlyTheLimitIsAccepted() {
        String frame = MalformedFrameTest.padded(Protocol.MAX_MESSAGE_BYTES);
        assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSize(Protocol.MAX_MESSAGE_BYTES);
        assertThat(CODEC.decodeClient(frame)).isEqualTo(new Ping());
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
