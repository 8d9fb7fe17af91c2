package io.peerhub.protocol;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("A malformed frame from a client is refused with its exact error code")
class MalformedFrameTest {

    private static final MessageCodec CODEC = new MessageCodec();
    private static final String ROOM = "abcdefghijklmnopqrstuv";
    private static final String PEER = "AAAAAAAAAAAAAAAAAAAAAA";

    static Stream<Arguments> malformedFrames() {
        return Stream.of(
                // not a JSON object at all
                arguments("a frame that is not JSON", "{type: ping", ErrorCode.BAD_JSON),
                arguments("an empty frame", "", ErrorCode.BAD_JSON),
                arguments("a JSON array", "[{\"type\":\"ping\"}]", ErrorCode.BAD_JSON),
                arguments("a JSON string", "\"ping\"", ErrorCode.BAD_JSON),
                arguments("a JSON number", "42", ErrorCode.BAD_JSON),
                arguments("JSON null", "null", ErrorCode.BAD_JSON),
                arguments("an object followed by garbage", "{\"type\":\"ping\"} x", ErrorCode.BAD_JSON),
                arguments("an object with a duplicate key", "{\"type\":\"ping\",\"type\":\"pong\"}", ErrorCode.BAD_JSON),
                // type
                arguments("an object without a type", "{\"name\":\"Alice\"}", ErrorCode.UNKNOWN_TYPE),
                arguments("a type that is a number", "{\"type\":1}", ErrorCode.UNKNOWN_TYPE),
                arguments("a type that is null", "{\"type\":null}", ErrorCode.UNKNOWN_TYPE),
                arguments("an unknown type", "{\"type\":\"dance\"}", ErrorCode.UNKNOWN_TYPE),
                arguments("a server-only type", "{\"type\":\"welcome\"}", ErrorCode.UNKNOWN_TYPE),
                arguments("a type in the wrong case", "{\"type\":\"JOIN\"}", ErrorCode.UNKNOWN_TYPE),
                // join: every missing and mistyped field
                arguments("a join without v", join("\"room\":\"" + ROOM + "\",\"name\":\"A\",\"kind\":\"browser\""), ErrorCode.BAD_FIELD),
                arguments("a join whose v is a string", join("\"v\":\"1\",\"room\":\"" + ROOM + "\",\"name\":\"A\",\"kind\":\"browser\""), ErrorCode.BAD_FIELD),
                arguments("a join whose v is a fraction", join("\"v\":1.5,\"room\":\"" + ROOM + "\",\"name\":\"A\",\"kind\":\"browser\""), ErrorCode.BAD_FIELD),
                arguments("a join whose v is 2", join("\"v\":2,\"room\":\"" + ROOM + "\",\"name\":\"A\",\"kind\":\"browser\""), ErrorCode.UNSUPPORTED_VERSION),
                arguments("a join whose v is 0", join("\"v\":0,\"room\":\"" + ROOM + "\",\"name\":\"A\",\"kind\":\"browser\""), ErrorCode.UNSUPPORTED_VERSION),
                arguments("a join whose v is 2 and has nothing else", join("\"v\":2"), ErrorCode.UNSUPPORTED_VERSION),
                arguments("a join without room", join("\"v\":1,\"name\":\"A\",\"kind\":\"browser\""), ErrorCode.BAD_FIELD),
                arguments("a join whose room is a number", join("\"v\":1,\"room\":12345678901234567890,\"name\":\"A\",\"kind\":\"browser\""), ErrorCode.BAD_FIELD),
                arguments("a join whose room is null", join("\"v\":1,\"room\":null,\"name\":\"A\",\"kind\":\"browser\""), ErrorCode.BAD_FIELD),
                arguments("a join without name", join("\"v\":1,\"room\":\"" + ROOM + "\",\"kind\":\"browser\""), ErrorCode.BAD_FIELD),
                arguments("a join whose name is an object", join("\"v\":1,\"room\":\"" + ROOM + "\",\"name\":{},\"kind\":\"browser\""), ErrorCode.BAD_FIELD),
                arguments("a join without kind", join("\"v\":1,\"room\":\"" + ROOM + "\",\"name\":\"A\""), ErrorCode.BAD_FIELD),
                arguments("a join whose kind is unknown", join("\"v\":1,\"room\":\"" + ROOM + "\",\"name\":\"A\",\"kind\":\"robot\""), ErrorCode.BAD_FIELD),
                arguments("a join whose kind is a number", join("\"v\":1,\"room\":\"" + ROOM + "\",\"name\":\"A\",\"kind\":1"), ErrorCode.BAD_FIELD),
                arguments("a join whose resume token is a number", join("\"v\":1,\"room\":\"" + ROOM + "\",\"name\":\"A\",\"kind\":\"browser\",\"resume\":7"), ErrorCode.BAD_FIELD),
                // join: room id format
                arguments("a join to a 15-character room", joinTo("abcdefghijklmno"), ErrorCode.BAD_ROOM),
                arguments("a join to a 65-character room", joinTo("a".repeat(65)), ErrorCode.BAD_ROOM),
                arguments("a join to an empty room", joinTo(""), ErrorCode.BAD_ROOM),
                arguments("a join to a room with a slash", joinTo("abcdefghijklmnop/q"), ErrorCode.BAD_ROOM),
                arguments("a join to a room with a dot", joinTo("abcdefghijklmnop.q"), ErrorCode.BAD_ROOM),
                arguments("a join to a room with a space", joinTo("abcdefghijk mnopqrstuv"), ErrorCode.BAD_ROOM),
                arguments("a join to a room with padding", joinTo("abcdefghijklmnopqrstuv=="), ErrorCode.BAD_ROOM),
                arguments("a join to a room with a non-ASCII letter", joinTo("abcdefghijklmnopqrstué"), ErrorCode.BAD_ROOM),
                // join: names
                arguments("a join with an empty name", joinNamed(""), ErrorCode.BAD_NAME),
                arguments("a join with a name of spaces", joinNamed("   "), ErrorCode.BAD_NAME),
                arguments("a join with a name of Unicode spaces", joinNamed("\\u2003\\u00a0"), ErrorCode.BAD_NAME),
                arguments("a join with a NUL in the name", joinNamed("Al\\u0000ice"), ErrorCode.BAD_NAME),
                arguments("a join with a newline in the name", joinNamed("Al\\nice"), ErrorCode.BAD_NAME),
                arguments("a join with an escape in the name", joinNamed("\\u001b[31mAlice"), ErrorCode.BAD_NAME),
                arguments("a join with a right-to-left override in the name", joinNamed("Alice\\u202egnp.exe"), ErrorCode.BAD_NAME),
                arguments("a join with a zero-width space in the name", joinNamed("Al\\u200bice"), ErrorCode.BAD_NAME),
                arguments("a join with a line separator in the name", joinNamed("Al\\u2028ice"), ErrorCode.BAD_NAME),
                arguments("a join with a paragraph separator in the name", joinNamed("Al\\u2029ice"), ErrorCode.BAD_NAME),
                arguments("a join with an unpaired surrogate in the name", joinNamed("Al\\ud800ice"), ErrorCode.BAD_NAME),
                arguments("a join with a 65-character name", joinNamed("a".repeat(65)), ErrorCode.NAME_TOO_LONG),
                arguments("a join with a 10,000-character name", joinNamed("a".repeat(10_000)), ErrorCode.NAME_TOO_LONG),
                arguments("a join with 65 emoji as name", joinNamed("😀".repeat(65)), ErrorCode.NAME_TOO_LONG),
                // rename
                arguments("a rename without name", "{\"type\":\"rename\"}", ErrorCode.BAD_FIELD),
                arguments("a rename whose name is a list", "{\"type\":\"rename\",\"name\":[\"A\"]}", ErrorCode.BAD_FIELD),
                arguments("a rename to whitespace", "{\"type\":\"rename\",\"name\":\" \\t \"}", ErrorCode.BAD_NAME),
                arguments("a rename to a name with a tab inside", "{\"type\":\"rename\",\"name\":\"A\\tB\"}", ErrorCode.BAD_NAME),
                arguments("a rename to a 65-character name", "{\"type\":\"rename\",\"name\":\"" + "b".repeat(65) + "\"}", ErrorCode.NAME_TOO_LONG),
                // signal
                arguments("a signal without to", "{\"type\":\"signal\",\"data\":{}}", ErrorCode.BAD_FIELD),
                arguments("a signal whose to is a number", "{\"type\":\"signal\",\"to\":1,\"data\":{}}", ErrorCode.BAD_FIELD),
                arguments("a signal without data", "{\"type\":\"signal\",\"to\":\"" + PEER + "\"}", ErrorCode.BAD_FIELD),
                arguments("a signal whose data is a string", "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":\"offer\"}", ErrorCode.BAD_FIELD),
                arguments("a signal whose data is a list", "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":[]}", ErrorCode.BAD_FIELD),
                arguments("a signal whose data is null", "{\"type\":\"signal\",\"to\":\"" + PEER + "\",\"data\":null}", ErrorCode.BAD_FIELD),
                // size
                arguments("a frame of 65,537 bytes", padded(Protocol.MAX_MESSAGE_BYTES + 1), ErrorCode.TOO_LARGE),
                arguments("a frame of 65,537 bytes in 3-byte characters", "{\"type\":\"ping\",\"x\":\"" + "€".repeat(21_840) + "\"}", ErrorCode.TOO_LARGE));
    }

    @ParameterizedTest(name = "{0} is refused with {2}")
    @MethodSource("malformedFrames")
    void refusesWithItsCode(String description, String frame, ErrorCode expected) {
        assertThatThrownBy(() -> CODEC.decodeClient(frame))
                .isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code())
                .isEqualTo(expected);
    }

    private static String join(String fields) {
        return "{\"type\":\"join\"," + fields + "}";
    }

    private static String joinTo(String room) {
        return join("\"v\":1,\"room\":\"" + room + "\",\"name\":\"A\",\"kind\":\"browser\"");
    }

    private static String joinNamed(String jsonEscapedName) {
        return join("\"v\":1,\"room\":\"" + ROOM + "\",\"name\":\"" + jsonEscapedName + "\",\"kind\":\"browser\"");
    }

    /** A valid ping padded with an unknown field to exactly {@code bytes} bytes. */
    static String padded(int bytes) {
        String head = "{\"type\":\"ping\",\"pad\":\"";
        String tail = "\"}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }
}
